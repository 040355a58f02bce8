#pragma once
// The child side of `sockserv run`: one server, in its own process.

#include "launcher/resolve.hpp"

namespace sockserv::launcher {

/// Makes the server's plugin and policy and serves on `listen_fd` (inherited from the
/// supervisor) until SIGTERM or SIGINT; returns the process exit status: 0 after a clean
/// stop, 2 if the server could not start.
int serve_in_this_process(const ResolvedServer& server, int listen_fd);

}  // namespace sockserv::launcher
