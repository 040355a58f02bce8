#pragma once
// The supervisor takes its signals synchronously: blocked from the start, then waited for
// with sigtimedwait. None is lost, none interrupts anything, and no handler runs in a
// process that forks.

#include <sockserv/time.hpp>

#include <csignal>
#include <optional>

namespace sockserv::launcher {

/// SIGCHLD, SIGTERM, SIGINT and SIGHUP: what the supervisor acts on.
sigset_t supervisor_signals();

/// Blocks supervisor_signals() in this (single-threaded) process. Children inherit the
/// mask and unblock what they handle once their handlers are installed.
void block_supervisor_signals();

/// Waits for one of supervisor_signals() until `until` (for ever if nullopt). Returns the
/// signal's info, or nullopt once `until` has passed.
std::optional<siginfo_t> wait_for_signal(std::optional<Deadline> until);

}  // namespace sockserv::launcher
