#pragma once
// `sockserv run`, once its listeners are bound: runs each server in processes of its own (one,
// or `processes: N` workers sharing the listener), so a crash in one server's plugin cannot
// take down another. Restarts what dies; reloads the config on SIGHUP.

#include "launcher/listener.hpp"
#include "launcher/resolve.hpp"

#include <filesystem>
#include <vector>

namespace sockserv::launcher {

/// Runs every server of `resolved` (read from `file`, which SIGHUP re-reads) on its listeners
/// (`listeners`: each server's, bound in the same order, signals already blocked) until SIGTERM or SIGINT;
/// returns the exit status.
int run_servers(const std::filesystem::path& file, const Resolved& resolved,
                std::vector<Listeners> listeners);

}  // namespace sockserv::launcher
