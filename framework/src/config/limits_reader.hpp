#pragma once
// Reading a server's `limits:`, `allow:` and `deny:`.

#include "config/config.hpp"
#include "config/node_reader.hpp"

#include <string>
#include <vector>

namespace sockserv::config {

/// The keys `limits:` accepts.
const std::vector<std::string>& limits_keys();

/// Reads `limits:` into `limits`, reporting each bad key or value.
void read_limits(NodeReader& reader, const Entry& entry, Limits& limits);

/// Reads `allow:` or `deny:` (a CIDR block or address, or a list of them) into `access`.
void read_access_list(NodeReader& reader, const Entry& entry, AccessList& access);

}  // namespace sockserv::config
