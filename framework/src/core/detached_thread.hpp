#pragma once
// Starting a detached thread with a chosen stack size, which std::thread cannot do.

#include <cstddef>

namespace sockserv::core {

/// Starts a detached thread running `entry(arg)` on a stack of `stack_size` bytes (0: the
/// system default, `ulimit -s`). Returns false if the system has no thread to give; the
/// thread did not start and `arg` is still the caller's.
bool start_detached_thread(std::size_t stack_size, void* (*entry)(void*), void* arg);

}  // namespace sockserv::core
