#pragma once
// `sockserv run`: binds every listener, then runs each server in a child process of its
// own, so a crash in one server's plugin cannot take down another.

#include "launcher/resolve.hpp"

namespace sockserv::launcher {

/// Runs every server of `resolved` until SIGTERM or SIGINT; returns the exit status.
/// Binding errors are reported as config errors (file:line:column) and nothing starts.
int run_servers(const Resolved& resolved);

}  // namespace sockserv::launcher
