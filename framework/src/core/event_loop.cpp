#include "core/event_loop.hpp"

#include "core/fiber_task.hpp"

#include <sockserv/error.hpp>

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <exception>

namespace sockserv::core {

namespace {
// Stacks kept per loop for reuse. Enough to absorb bursts of short requests without
// mmap/munmap; each kept stack holds at most the pages its last fiber touched.
constexpr std::size_t kept_stacks = 64;

/// Runs a fiber's body and destroys it while the fiber's task is still current (a request
/// it owns closes its connection, which releases the descriptor from the loop).
void run_body(std::function<void()> body) {
  try {
    body();
  } catch (const boost::context::detail::forced_unwind&) {
    throw;  // the loop is unwinding a suspended fiber: let Boost.Context finish it
  } catch (const std::exception& e) {
    // Requests and siblings catch their own errors; this is a framework bug, said loudly.
    std::fprintf(stderr, "sockserv: a fiber ended with an uncaught exception: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "sockserv: a fiber ended with an uncaught non-standard exception\n");
  }
}
}  // namespace

EventLoop::EventLoop(std::size_t stack_size)
    : stacks_(stack_size, kept_stacks), wakeup_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (wakeup_fd_ < 0) throw SystemError("eventfd for an event loop", errno);
  poller_.set_wakeup(wakeup_fd_);
}

EventLoop::~EventLoop() {
  starting_.clear();  // never started: nothing on their stacks
  // Fibers still suspended (run() ended by an exception) unwind here, each removing its task.
  std::vector<FiberTask*> left(tasks_.begin(), tasks_.end());
  for (FiberTask* t : left) boost::context::fiber(std::move(t->self_));
  ::close(wakeup_fd_);
}

void EventLoop::spawn(std::function<void()> body) {
  // Guard-paged stacks: an overflow faults at once instead of corrupting a neighbour.
  starting_.emplace_back(std::allocator_arg, PooledStack(stacks_),
                         [this, body = std::move(body)](boost::context::fiber&& loop) mutable {
                           FiberTask task(*this, std::move(loop));
                           run_body(std::move(body));
                           return task.leave();
                         });
  ++alive_;
}

void EventLoop::post(std::function<void()> fn) {
  bool first;
  {
    std::lock_guard lock(posted_mutex_);
    first = posted_.empty();
    posted_.push_back(std::move(fn));
  }
  // One write per batch: the loop drains the whole batch when it wakes.
  std::uint64_t one = 1;
  if (first) [[maybe_unused]] auto n = ::write(wakeup_fd_, &one, sizeof one);
}

void EventLoop::run() {
  // Every Stream read on this thread from now on is in one of this loop's fibers.
  detail::ReadHints* previous = detail::ReadHints::install(&poller_);
  while (alive_ > 0 || held_) {
    run_ready();
    if (alive_ == 0 && !held_) break;
    wait_for_events();
    expire_timers();
  }
  detail::ReadHints::install(previous);
}

void EventLoop::run_ready() {
  // Swapped with a kept vector: spawning on the hot path reuses both capacities.
  starting_now_.swap(starting_);
  for (auto& fiber : starting_now_) resume(std::move(fiber));
  starting_now_.clear();
  // Only those ready now: a fiber that keeps waking another must not starve the poll.
  for (std::size_t n = ready_.size(); n > 0; --n) {
    FiberTask* task = ready_.front();
    ready_.pop_front();
    resume(std::move(task->self_));
  }
}

void EventLoop::suspend(FiberTask& task) {
  suspending_ = &task;
  task.loop_context_ = std::move(task.loop_context_).resume();
}

void EventLoop::resume(boost::context::fiber&& fiber) {
  suspending_ = nullptr;
  boost::context::fiber back = std::move(fiber).resume();
  if (back)
    suspending_->self_ = std::move(back);  // it waits: keep its context in its task
  else
    --alive_;  // it ended
}

void EventLoop::wait_for_events() {
  int timeout = ready_.empty() && starting_.empty() ? poll_timeout() : 0;
  if (poller_.poll(timeout, woken_)) run_posted();
  wake_woken();
}

void EventLoop::wake_woken() {
  for (Poller::Waiter* w : woken_) static_cast<FiberTask*>(w->owner)->wake(FiberTask::Wake::ready);
  woken_.clear();
}

void EventLoop::forget(int fd) {
  poller_.forget(fd, woken_);
  wake_woken();
}

void EventLoop::run_posted() {
  std::uint64_t count;
  [[maybe_unused]] auto n = ::read(wakeup_fd_, &count, sizeof count);
  {
    std::lock_guard lock(posted_mutex_);
    posted_now_.swap(posted_);
  }
  for (auto& fn : posted_now_) fn();
  posted_now_.clear();
}

void EventLoop::expire_timers() {
  if (!timers_.top()) return;
  Deadline now = Clock::now();
  while (TimerNode* node = timers_.top()) {
    if (now < node->at) break;
    timers_.remove(*node);
    static_cast<FiberTask*>(node->owner)->wake(FiberTask::Wake::timed_out);
  }
}

int EventLoop::poll_timeout() const {
  const TimerNode* node = timers_.top();
  if (!node) return -1;
  auto left = node->at - Clock::now();
  if (left <= Duration::zero()) return 0;
  // Rounded up: waking a little late is fine, waking early would spin until the deadline.
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > INT_MAX ? INT_MAX : int(ms);
}

void EventLoop::poke_all() {
  for (FiberTask* t : tasks_) t->poke();  // poke only queues: no task ends meanwhile
}

}  // namespace sockserv::core
