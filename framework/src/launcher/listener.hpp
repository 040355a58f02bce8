#pragma once
// Binding a configured server's endpoints in the supervisor, before any process serves them.

#include "config/config.hpp"
#include "core/socket.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace sockserv::launcher {

/// A server's listening sockets, one per endpoint of its `listen:`, in the same order.
using Listeners = std::vector<core::ListeningSocket>;

/// Binds `server.listen[i]` (and listens, for streams). Throws Error whose message is a
/// config error line: "FILE:LINE:COL: servers.NAME.listen: cannot listen on ...". After the
/// privilege drop (a reload), a refused port below 1024 says why and what to do.
core::ListeningSocket bind_listener(const config::ServerConfig& server, std::size_t i);

/// Binds every endpoint of `server`; on the first failure closes what it bound and throws
/// as bind_listener does.
Listeners bind_listeners(const config::ServerConfig& server);

/// Closes each socket (removing the Unix socket files made for them).
void close_listeners(Listeners& listeners) noexcept;

/// Binds the control socket at `path` (a Unix stream socket, mode 0600 from the start),
/// replacing a stale socket file there; throws Error ("cannot listen on unix://PATH: ...")
/// if a live one answers or the path is not a socket.
core::ListeningSocket bind_control(const std::filesystem::path& path);

/// Binds every server of `config`, in order. Prints each failure to stderr and returns
/// nullopt if any failed (closing what was bound).
std::optional<std::vector<Listeners>> bind_all(const config::Config& config);

}  // namespace sockserv::launcher
