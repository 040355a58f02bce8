#include "core/this_process.hpp"

#include <pthread.h>
#include <unistd.h>

namespace sockserv::core {

pid_t this_process() noexcept {
  // Registered by the first call: a process that never asked before it forked has no
  // stale value to refresh, since its child computes its own here.
  static pid_t pid = [] {
    ::pthread_atfork(nullptr, nullptr, [] { pid = ::getpid(); });
    return ::getpid();
  }();
  return pid;
}

}  // namespace sockserv::core
