#pragma once
// What a spawned sibling and those who join it share.

#include <sockserv/wait_list.hpp>

#include <exception>
#include <mutex>
#include <utility>

namespace sockserv::detail {

struct SiblingState {
  std::mutex mutex;
  bool done = false;
  std::exception_ptr error;  ///< what escaped the body, handed to the first joiner
  WaitList joiners;

  /// Marks the sibling ended and wakes whoever joins it.
  void finish(std::exception_ptr escaped) {
    std::lock_guard lock(mutex);
    done = true;
    error = escaped;
    joiners.wake_all();
  }

  /// Blocks the current task until the sibling ended; returns (once) what escaped it.
  std::exception_ptr wait_done() {
    std::unique_lock lock(mutex);
    while (!done) joiners.wait(lock, no_deadline);
    return std::exchange(error, nullptr);
  }
};

}  // namespace sockserv::detail
