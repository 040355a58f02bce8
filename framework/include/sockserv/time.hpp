#pragma once
/// @file time.hpp
/// The clock, durations and deadlines every blocking SDK call is measured in.

#include <chrono>

namespace sockserv {

/// The monotonic clock of every timeout and deadline.
using Clock = std::chrono::steady_clock;
/// A length of time; any std::chrono duration converts to it.
using Duration = Clock::duration;
/// A point on Clock after which a blocking call gives up.
using Deadline = Clock::time_point;

/// A deadline that never passes.
inline constexpr Deadline no_deadline = Deadline::max();

/// The deadline `timeout` from now; a zero or negative timeout means none.
inline Deadline deadline_after(Duration timeout) {
  if (timeout <= Duration::zero()) return no_deadline;
  return Clock::now() + timeout;
}

}  // namespace sockserv
