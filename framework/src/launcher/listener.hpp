#pragma once
// Binding a configured server's endpoints in the supervisor, before any process serves them.

#include "config/config.hpp"
#include "core/socket.hpp"

#include <vector>

namespace sockserv::launcher {

/// A server's listening sockets, one per endpoint of its `listen:`, in the same order.
using Listeners = std::vector<core::ListeningSocket>;

/// Binds `server.listen[i]` (and listens, for streams). Throws Error whose message is a
/// config error line: "FILE:LINE:COL: servers.NAME.listen: cannot listen on ...".
core::ListeningSocket bind_listener(const config::ServerConfig& server, std::size_t i);

/// Binds every endpoint of `server`; on the first failure closes what it bound and throws
/// as bind_listener does.
Listeners bind_listeners(const config::ServerConfig& server);

/// Closes each socket (removing the Unix socket files made for them).
void close_listeners(Listeners& listeners) noexcept;

}  // namespace sockserv::launcher
