#pragma once
/// @file stop.hpp
/// A server's stop signal, as the requests it runs see it.

#include <sockserv/api.hpp>
#include <sockserv/time.hpp>

#include <atomic>

namespace sockserv {

/// Set once when a server shuts down; carries the drain deadline after which requests
/// still running are cancelled. Requesting is async-signal-safe.
class SOCKSERV_API Stop {
 public:
  /// Makes the eventfd that wakes waiters.
  Stop();
  ~Stop();
  Stop(const Stop&) = delete;
  Stop& operator=(const Stop&) = delete;

  /// Requests the stop with the given drain deadline. Async-signal-safe; idempotent (the
  /// earliest deadline wins).
  void request(Deadline drain_deadline) noexcept;
  /// True once requested.
  bool requested() const noexcept { return requested_.load(std::memory_order_acquire); }
  /// The drain deadline; no_deadline until requested.
  Deadline drain_deadline() const noexcept;
  /// Readable (POLLIN) once requested, forever after: add it to a poll set to wake on stop.
  int fd() const noexcept { return fd_; }

 private:
  int fd_;
  std::atomic<bool> requested_{false};
  std::atomic<Deadline::rep> deadline_{Deadline::max().time_since_epoch().count()};
};

}  // namespace sockserv
