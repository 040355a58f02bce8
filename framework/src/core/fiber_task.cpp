#include "core/fiber_task.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>

namespace sockserv::core {

FiberTask::FiberTask(EventLoop& loop, boost::context::fiber&& loop_context)
    : loop_(loop), loop_context_(std::move(loop_context)) {
  waiter_.owner = this;
  timer_.owner = this;
  loop_.add(this);
  make_current(this);
}

FiberTask::~FiberTask() {
  if (int fd = parker_fd(); fd >= 0) loop_.forget(fd);  // the parker may outlive us
  loop_.remove(this);
  make_current(nullptr);
}

Deadline FiberTask::limit(Deadline deadline) const {
  const Stop* s = stop();
  return s && s->requested() ? std::min(deadline, s->drain_deadline()) : deadline;
}

void FiberTask::wake(Wake why) {
  if (!blocked_ || wake_ != Wake::none) return;
  wake_ = why;
  loop_.make_ready(*this);
}

FiberTask::Wake FiberTask::block(Deadline until) {
  if (until != no_deadline) {
    timer_.at = until;
    loop_.timers().add(timer_);
  }
  wake_ = Wake::none;
  blocked_ = true;
  make_current(nullptr);  // code the loop runs between fibers runs in no fiber's task
  loop_.suspend(*this);
  make_current(this);
  blocked_ = false;
  loop_.timers().remove(timer_);
  loop_.poller().withdraw(waiter_);
  return wake_;
}

void FiberTask::check_drain_deadline(Deadline requested) const {
  const Stop* s = stop();
  if (s && s->requested() && Clock::now() >= s->drain_deadline() && Clock::now() < requested)
    throw CancelledError("server shutting down: drain deadline passed");
}

bool FiberTask::wait(int fd, Readiness what, Deadline deadline) {
  auto direction = what == Readiness::readable ? Direction::read : Direction::write;
  Deadline until = limit(deadline);
  if (until == no_deadline || Clock::now() < until) {
    if (loop_.poller().ready_or_enlist(fd, direction, waiter_)) return true;
    // Ready, an error the system call will report, a poke (the server is stopping): all
    // are wake-ups the caller handles by retrying its system call.
    if (block(until) != Wake::timed_out) return true;
  }
  check_drain_deadline(no_deadline);
  return false;
}

void FiberTask::sleep_until(Deadline deadline) {
  for (;;) {
    Deadline until = limit(deadline);
    if (Clock::now() >= until) break;
    block(until);  // a poke wakes it early to recompute the limit
  }
  check_drain_deadline(deadline);
}

void FiberTask::release(int fd) noexcept { loop_.forget(fd); }

void FiberTask::start_sibling(std::function<void()> body) { loop_.spawn(std::move(body)); }

}  // namespace sockserv::core
