#pragma once
// A server's `listen:`: one endpoint, or a list of them (like nginx's several `listen`
// lines), each served by the same plugin object; and the check that no endpoint is used twice.

#include "config/config.hpp"
#include "config/node_reader.hpp"

#include <vector>

namespace sockserv::config {

/// Reads `listen:` into `server.listen`; false if any item was reported as wrong.
bool read_listen(NodeReader& reader, const Entry& entry, ServerConfig& server);

/// Reports an endpoint listed twice by one server, or already used by an earlier server.
/// Give only servers whose `listen` read cleanly. Port 0 is exempt:
/// each such endpoint gets its own free port.
void check_duplicate_endpoints(NodeReader& reader, const std::vector<const ServerConfig*>& servers);

}  // namespace sockserv::config
