#include "core/detached_thread.hpp"

#include <pthread.h>

#include <algorithm>
#include <climits>

namespace sockserv::core {

bool start_detached_thread(std::size_t stack_size, void* (*entry)(void*), void* arg) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  // Below PTHREAD_STACK_MIN the size is refused outright; the option's own minimum is far
  // above it, so this only guards direct callers.
  if (stack_size != 0)
    pthread_attr_setstacksize(&attr, std::max<std::size_t>(stack_size, PTHREAD_STACK_MIN));
  pthread_t thread;
  bool started = pthread_create(&thread, &attr, entry, arg) == 0;
  pthread_attr_destroy(&attr);
  return started;
}

}  // namespace sockserv::core
