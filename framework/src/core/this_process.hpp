#pragma once
// This process's id, asked per request (admission, the forking policy) without a system
// call each time.

#include <sys/types.h>

namespace sockserv::core {

/// getpid(), kept where fork's child handler refreshes it: glibc stopped caching the pid,
/// and the pid changes only across fork(). Any thread.
pid_t this_process() noexcept;

}  // namespace sockserv::core
