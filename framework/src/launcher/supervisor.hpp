#pragma once
// `sockserv run`, once its listeners are bound: runs each server in processes of its own (one,
// or `processes: N` workers sharing the listener), so a crash in one server's plugin cannot
// take down another. Restarts what dies; reloads the config on SIGHUP; answers `sockserv ctl`
// on the control socket.

#include "core/socket.hpp"
#include "launcher/listener.hpp"
#include "launcher/resolve.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace sockserv::launcher {

/// The bound control socket, and whether `run --control` chose it (then the file's
/// `control:` does not count, at a reload either).
struct ControlSocket {
  core::ListeningSocket socket;
  bool from_command_line = false;
};

/// Runs every server of `resolved` (read from `file`, which SIGHUP re-reads) on its listeners
/// (`listeners`: each server's, bound in the same order, signals already blocked) until SIGTERM,
/// SIGINT or `sockserv ctl stop`, serving `control` if given; returns the exit status.
int run_servers(const std::filesystem::path& file, const Resolved& resolved,
                std::vector<Listeners> listeners, std::optional<ControlSocket> control);

}  // namespace sockserv::launcher
