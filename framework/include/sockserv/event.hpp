#pragma once
/// @file event.hpp
/// A one-way flag tasks can wait for, across threads, processes' threads and fibers.

#include <sockserv/api.hpp>
#include <sockserv/time.hpp>
#include <sockserv/wait_list.hpp>

#include <mutex>

namespace sockserv {

/// Like threading.Event: set() wakes every waiter; wait() returns at once once set.
/// Thread-safe; waiting blocks only the current task.
class SOCKSERV_API Event {
 public:
  /// Sets the flag and wakes every waiter.
  void set();
  /// Clears the flag.
  void clear();
  /// True if set.
  bool is_set() const;
  /// Blocks until set; false if `timeout` (zero: none) passed first.
  bool wait(Duration timeout = Duration::zero());

 private:
  mutable std::mutex mutex_;
  bool set_ = false;
  WaitList waiters_;
};

}  // namespace sockserv
