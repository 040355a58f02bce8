#pragma once
// The supervisor takes its signals synchronously: blocked from the start, then read from a
// signalfd that its poll loop waits on beside the control socket. None is lost, none
// interrupts anything, and no handler runs in a process that forks.

#include "core/socket.hpp"

#include <csignal>
#include <vector>

namespace sockserv::launcher {

/// SIGCHLD, SIGTERM, SIGINT and SIGHUP: what the supervisor acts on.
sigset_t supervisor_signals();

/// Blocks supervisor_signals() in this (single-threaded) process. Children inherit the
/// mask and unblock what they handle once their handlers are installed.
void block_supervisor_signals();

/// A non-blocking signalfd for supervisor_signals() (which must be blocked already).
class SignalFd {
 public:
  /// Opens it; throws SystemError if it cannot.
  SignalFd();
  /// The descriptor to poll for readability.
  int fd() const noexcept { return fd_.get(); }
  /// The signals pending now, in the order they came; empty if none. Several SIGCHLDs may
  /// arrive as one: whoever handles it reaps every child that has ended.
  std::vector<int> take();

 private:
  core::Fd fd_;
};

}  // namespace sockserv::launcher
