#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/task.hpp>

#include "core/poll_timeout.hpp"

#include <poll.h>

#include <thread>

#include <algorithm>
#include <cerrno>

namespace sockserv {
namespace {

/// The task of a plain thread: waits block the thread in poll(2), on the awaited fd and on
/// the server's stop, so a shutdown cancels waits once the drain deadline passes.
class ThreadTask final : public Task {
 public:
  bool wait(int fd, Readiness what, Deadline deadline) override {
    short events = what == Readiness::readable ? POLLIN : POLLOUT;
    return block(fd, events, deadline);
  }

  void sleep_until(Deadline deadline) override { block(-1, 0, deadline); }

  void start_sibling(std::function<void()> body) override { std::thread(std::move(body)).detach(); }

 private:
  // Returns true when fd is ready, false at deadline; throws CancelledError at the drain
  // deadline. fd -1 only sleeps.
  bool block(int fd, short events, Deadline deadline) {
    const Stop* s = stop();
    for (;;) {
      bool stopping = s && s->requested();
      Deadline limit = stopping ? std::min(deadline, s->drain_deadline()) : deadline;
      pollfd fds[2] = {{fd, events, 0}, {s && !stopping ? s->fd() : -1, POLLIN, 0}};
      int n = ::poll(fds, 2, core::poll_timeout(limit));
      if (n < 0) {
        if (errno == EINTR) continue;
        throw SystemError("poll", errno);
      }
      if (fd >= 0 && fds[0].revents != 0) return true;
      Deadline now = Clock::now();
      if (stopping && now >= s->drain_deadline())
        throw CancelledError("server shutting down: drain deadline passed");
      if (now >= deadline) return false;
    }
  }
};

thread_local ThreadTask thread_task;
thread_local Task* installed = nullptr;

}  // namespace

Task::~Task() = default;

void Task::release(int) noexcept {}

void Task::make_current(Task* task) noexcept { installed = task; }

Task& Task::current() noexcept { return installed ? *installed : thread_task; }

Task::Scope::Scope(Task& task) noexcept : previous_(installed) { installed = &task; }

Task::Scope::~Scope() { installed = previous_; }

void sleep_for(Duration d) {
  if (d > Duration::zero()) Task::current().sleep_until(Clock::now() + d);
}

}  // namespace sockserv
