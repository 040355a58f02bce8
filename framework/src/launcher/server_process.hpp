#pragma once
// The child side of `sockserv run`: one server (or one worker of it), in its own process.

#include "launcher/resolve.hpp"

#include <string>

namespace sockserv::launcher {

/// Makes the server's plugin and policy and serves on `listen_fd` (inherited from the
/// supervisor, shared by every worker of the server) until SIGTERM or SIGINT; returns the
/// process exit status: 0 after a clean stop, 2 if the server could not start. Log lines
/// are tagged `label`: the server's name, or "NAME#I" for worker I of several.
int serve_in_this_process(const ResolvedServer& server, int listen_fd, const std::string& label);

}  // namespace sockserv::launcher
