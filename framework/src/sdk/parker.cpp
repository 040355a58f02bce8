#include <sockserv/error.hpp>
#include <sockserv/task.hpp>

#include "sdk/sibling_state.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace sockserv {
namespace {

/// A parker on an eventfd: unpark() writes it (from any thread, even a signal handler);
/// park() waits for it with the owning task's own wait(), so threads block in poll and
/// fibers suspend on their event loop, each honouring the server's stop.
class EventFdParker final : public Parker {
 public:
  EventFdParker() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (fd_ < 0) throw SystemError("eventfd for a parker", errno);
  }
  ~EventFdParker() override { ::close(fd_); }

  bool park(Deadline deadline) override {
    for (;;) {
      std::uint64_t permits;
      if (::read(fd_, &permits, sizeof permits) == sizeof permits) return true;
      if (!Task::current().wait(fd_, Readiness::readable, deadline)) return false;
    }
  }

  void unpark() noexcept override {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
  }

  int fd() const noexcept { return fd_; }

 private:
  int fd_;
};

}  // namespace

Parker::~Parker() = default;

std::shared_ptr<Parker> Task::parker() {
  if (!parker_) parker_ = std::make_shared<EventFdParker>();
  return parker_;
}

int Task::parker_fd() const noexcept {
  return parker_ ? static_cast<const EventFdParker&>(*parker_).fd() : -1;
}

void Task::adopt_sibling(std::shared_ptr<detail::SiblingState> sibling) {
  siblings_.push_back(std::move(sibling));
}

void Task::join_siblings() {
  if (siblings_.empty()) return;
  auto siblings = std::move(siblings_);
  siblings_.clear();
  // Not cancellable: the connection must outlive every sibling that may still use it.
  const Stop* stop = set_stop(nullptr);
  std::exception_ptr first;
  for (auto& s : siblings)
    if (auto error = s->wait_done(); error && !first) first = error;
  set_stop(stop);
  if (first) std::rethrow_exception(first);
}

}  // namespace sockserv
