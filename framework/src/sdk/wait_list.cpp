#include <sockserv/task.hpp>
#include <sockserv/wait_list.hpp>

#include <algorithm>

namespace sockserv {

bool WaitList::wait(std::unique_lock<std::mutex>& lock, Deadline deadline) {
  auto me = Task::current().parker();
  waiters_.push_back(me);
  lock.unlock();
  bool woken = false;
  try {
    woken = me->park(deadline);
  } catch (...) {
    lock.lock();
    std::erase(waiters_, me);
    throw;
  }
  lock.lock();
  std::erase(waiters_, me);  // woken by someone else's wake, or by the deadline
  return woken;
}

void WaitList::wake_one() {
  if (waiters_.empty()) return;
  waiters_.front()->unpark();
  waiters_.erase(waiters_.begin());
}

void WaitList::wake_all() {
  for (auto& w : waiters_) w->unpark();
  waiters_.clear();
}

}  // namespace sockserv
