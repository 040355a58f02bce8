#pragma once
// Binding a configured server's endpoint in the supervisor, before any process serves it.

#include "config/config.hpp"
#include "core/socket.hpp"

namespace sockserv::launcher {

/// Binds `server.listen` (and listens, for streams). Throws Error whose message is a
/// config error line: "FILE:LINE:COL: servers.NAME.listen: cannot listen on ...".
core::ListeningSocket bind_listener(const config::ServerConfig& server);

}  // namespace sockserv::launcher
