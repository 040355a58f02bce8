#pragma once
/// @file wait_list.hpp
/// Tasks waiting for a condition guarded by a mutex: the condition variable of sockserv,
/// working alike for threads and fibers. Channel and Event are built on it.

#include <sockserv/api.hpp>
#include <sockserv/time.hpp>

#include <memory>
#include <mutex>
#include <vector>

namespace sockserv {

class Parker;

/// Like std::condition_variable, but a wait blocks only the current task.
class SOCKSERV_API WaitList {
 public:
  /// With `lock` held: releases it, blocks the current task until woken or `deadline`,
  /// and re-acquires it. False at the deadline. Wake-ups may be spurious: re-check.
  bool wait(std::unique_lock<std::mutex>& lock, Deadline deadline);
  /// Wakes one waiter. Call with the mutex held.
  void wake_one();
  /// Wakes every waiter. Call with the mutex held.
  void wake_all();

 private:
  std::vector<std::shared_ptr<Parker>> waiters_;
};

}  // namespace sockserv
