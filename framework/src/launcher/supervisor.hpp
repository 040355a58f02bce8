#pragma once
// `sockserv run`: binds every listener, then runs each server in processes of its own (one,
// or `processes: N` workers sharing the listener), so a crash in one server's plugin cannot
// take down another. Restarts what dies; reloads the config on SIGHUP.

#include "launcher/resolve.hpp"

#include <filesystem>

namespace sockserv::launcher {

/// Runs every server of `resolved` (read from `file`, which SIGHUP re-reads) until SIGTERM
/// or SIGINT; returns the exit status. Binding errors are reported as config errors
/// (file:line:column) and nothing starts.
int run_servers(const std::filesystem::path& file, const Resolved& resolved);

}  // namespace sockserv::launcher
