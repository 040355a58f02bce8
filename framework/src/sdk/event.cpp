#include <sockserv/event.hpp>

namespace sockserv {

void Event::set() {
  std::lock_guard lock(mutex_);
  set_ = true;
  waiters_.wake_all();
}

void Event::clear() {
  std::lock_guard lock(mutex_);
  set_ = false;
}

bool Event::is_set() const {
  std::lock_guard lock(mutex_);
  return set_;
}

bool Event::wait(Duration timeout) {
  Deadline deadline = deadline_after(timeout);
  std::unique_lock lock(mutex_);
  while (!set_)
    if (!waiters_.wait(lock, deadline) && Clock::now() >= deadline) return false;
  return true;
}

}  // namespace sockserv
