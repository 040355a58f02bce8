#pragma once
// chat: a mutex that may be held across I/O, because waiting for it blocks only the current
// task — a fiber suspends, its event loop goes on. For std::lock_guard.

#include <sockserv/channel.hpp>

namespace chat {

/// Locked while its one slot is full.
class TaskMutex {
 public:
  /// Waits (this task only) until the mutex is free, then holds it.
  void lock() { slot_.push(0); }
  /// Lets the next waiter in.
  void unlock() { slot_.try_pop(); }

 private:
  sockserv::Channel<char> slot_{1};
};

}  // namespace chat
