#pragma once
// The child side of `sockserv run`: one server (or one worker of it), in its own process.

#include "launcher/resolve.hpp"

#include <string>
#include <vector>

namespace sockserv::launcher {

/// Makes the server's plugin (once) and a policy per endpoint, and serves on `listen_fds`
/// (one per endpoint, inherited from the supervisor, shared by every worker of the server)
/// until SIGTERM or SIGINT; returns the process exit status: 0 after a clean stop, 2 if
/// the server could not start. Log lines are tagged `label`: the server's name, or
/// "NAME#I" for worker I of several.
int serve_in_this_process(const ResolvedServer& server, const std::vector<int>& listen_fds,
                          const std::string& label);

}  // namespace sockserv::launcher
