#pragma once
// How long the supervisor waits before restarting a process that died: a process that
// keeps failing is retried ever more slowly, one that ran well is retried at once.

#include <sockserv/time.hpp>

#include <chrono>

namespace sockserv::launcher {

/// An exponential restart delay: `first`, doubling on each failure up to `longest`, back
/// to `first` once a process has stayed up for `stable`. A value type, one per process slot.
class Backoff {
 public:
  /// The supervisor's defaults: 100 ms doubling to 30 s, reset after 10 s up.
  Backoff() = default;
  Backoff(Duration first, Duration longest, Duration stable)
      : first_(first), longest_(longest), stable_(stable), next_(first) {}

  /// The delay before restarting a process that ran for `uptime` and then died.
  Duration after_exit(Duration uptime);
  /// The delay before retrying a start that failed outright (fork refused).
  Duration after_failed_start() { return after_exit(Duration::zero()); }

 private:
  Duration first_ = std::chrono::milliseconds(100);
  Duration longest_ = std::chrono::seconds(30);
  Duration stable_ = std::chrono::seconds(10);
  Duration next_ = first_;
};

}  // namespace sockserv::launcher
