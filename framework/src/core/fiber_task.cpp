#include "core/fiber_task.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>

namespace sockserv::core {
namespace asio = boost::asio;

FiberTask::FiberTask(EventLoop& loop, asio::yield_context yield)
    : loop_(loop), yield_(std::move(yield)), timer_(loop.io()) {
  loop_.add(this);
  make_current(this);
}

FiberTask::~FiberTask() {
  ++shared_->generation;  // a queued timer handler must not touch anything of ours
  if (int fd = parker_fd(); fd >= 0) loop_.forget(fd);  // the parker may outlive us
  loop_.remove(this);
  make_current(nullptr);
}

Deadline FiberTask::limit(Deadline deadline) const {
  const Stop* s = stop();
  return s && s->requested() ? std::min(deadline, s->drain_deadline()) : deadline;
}

void FiberTask::arm_timer(Deadline limit, int fd) {
  shared_->timed_out = false;
  if (limit == no_deadline) return;
  timer_.expires_at(limit);
  // The handler may run after this wait ended (timer fired as the socket became ready):
  // the generation tells it whether the wait it was armed for is still going on.
  timer_.async_wait([shared = shared_, generation = shared_->generation, fd,
                     loop = &loop_](boost::system::error_code ec) {
    if (ec || shared->generation != generation) return;
    shared->timed_out = true;
    if (fd < 0) return;  // a sleep: the timer itself resumes the fiber
    if (auto* d = loop->find(fd)) d->cancel();  // siblings waiting on fd wake spuriously
  });
}

void FiberTask::resumed() {
  ++shared_->generation;
  make_current(this);  // another fiber's task was current while we were suspended
}

bool FiberTask::wait(int fd, Readiness what, Deadline deadline) {
  auto& descriptor = loop_.descriptor(fd);
  auto kind = what == Readiness::readable ? asio::posix::descriptor_base::wait_read
                                          : asio::posix::descriptor_base::wait_write;
  for (;;) {
    Deadline until = limit(deadline);
    if (Clock::now() >= until) break;
    arm_timer(until, fd);
    waiting_fd_ = fd;
    boost::system::error_code ec;
    descriptor.async_wait(kind, yield_[ec]);
    bool timed_out = shared_->timed_out;
    waiting_fd_ = -1;
    timer_.cancel();
    resumed();
    // Ready, an error the system call will report, a poke (the server is stopping) or a
    // sibling's timeout: all are wake-ups the caller handles by retrying its system call.
    if (!timed_out) return true;
    break;
  }
  const Stop* s = stop();
  if (s && s->requested() && Clock::now() >= s->drain_deadline())
    throw CancelledError("server shutting down: drain deadline passed");
  return false;
}

void FiberTask::sleep_until(Deadline deadline) {
  for (;;) {
    Deadline until = limit(deadline);
    if (Clock::now() >= until) break;
    timer_.expires_at(until);
    boost::system::error_code ec;
    timer_.async_wait(yield_[ec]);
    resumed();
  }
  const Stop* s = stop();
  if (s && s->requested() && Clock::now() >= s->drain_deadline() && Clock::now() < deadline)
    throw CancelledError("server shutting down: drain deadline passed");
}

void FiberTask::release(int fd) noexcept { loop_.forget(fd); }

void FiberTask::start_sibling(std::function<void()> body) {
  loop_.spawn(std::move(body));
  make_current(this);  // in case the new fiber ran first and left its task current
}

void FiberTask::poke() {
  if (waiting_fd_ >= 0) {
    if (auto* d = loop_.find(waiting_fd_)) d->cancel();
  } else {
    timer_.cancel();  // a sleep: wakes early and recomputes its limit
  }
}

}  // namespace sockserv::core
