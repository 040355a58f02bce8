#pragma once
// poll(2)'s timeout argument for a deadline.

#include <sockserv/time.hpp>

#include <algorithm>
#include <chrono>

namespace sockserv::core {

/// Milliseconds until `deadline` for poll(2): -1 for none, rounded up so a poll never
/// wakes before its deadline, capped at a day.
inline int poll_timeout(Deadline deadline) {
  if (deadline == no_deadline) return -1;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : int(std::min<long long>(left, 24LL * 3600 * 1000));
}

}  // namespace sockserv::core
