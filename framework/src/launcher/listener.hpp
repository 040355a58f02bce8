#pragma once
// Binding a configured server's endpoint in the supervisor, before any process serves it.

#include "config/config.hpp"
#include "core/socket.hpp"

#include <optional>
#include <vector>

namespace sockserv::launcher {

/// Binds `server.listen` (and listens, for streams). Throws Error whose message is a
/// config error line: "FILE:LINE:COL: servers.NAME.listen: cannot listen on ...".
/// After the privilege drop, a refused port below 1024 says why and what to do.
core::ListeningSocket bind_listener(const config::ServerConfig& server);

/// Binds every server of `config`, in order. Prints each failure to stderr and returns
/// nullopt if any failed (closing what was bound).
std::optional<std::vector<core::ListeningSocket>> bind_all(const config::Config& config);

}  // namespace sockserv::launcher
