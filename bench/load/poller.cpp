#include "poller.hpp"

#include "net.hpp"

#include <unistd.h>

namespace bench {

Poller::Poller() : fd_(epoll_create1(EPOLL_CLOEXEC)), ready_(1024) {
  if (fd_ < 0) die("epoll_create1");
}

Poller::~Poller() { close(fd_); }

void Poller::add(int fd, std::uint32_t events, std::uint64_t tag) {
  epoll_event e{events, {}};
  e.data.u64 = tag;
  if (epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl(ADD)");
}

void Poller::modify(int fd, std::uint32_t events, std::uint64_t tag) {
  epoll_event e{events, {}};
  e.data.u64 = tag;
  if (epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &e) < 0) die("epoll_ctl(MOD)");
}

const std::vector<epoll_event>& Poller::wait(int timeout_ms) {
  ready_.resize(ready_.capacity());
  int n = epoll_wait(fd_, ready_.data(), static_cast<int>(ready_.size()), timeout_ms);
  ready_.resize(n < 0 ? 0 : static_cast<std::size_t>(n));
  return ready_;
}

Bound::Bound(double duration, std::uint64_t count)
    : count_(count),
      stop_at_(Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(duration))) {}

bool Bound::more(std::uint64_t issued) const {
  if (count_ && issued >= count_) return false;
  return Clock::now() < stop_at_;
}

std::string make_message(std::size_t size) {
  std::string m(size, '\0');
  for (std::size_t i = 0; i < size; ++i) m[i] = static_cast<char>('a' + i % 26);
  if (size) m[size - 1] = '\n';  // line-based servers see one line per message
  return m;
}

}  // namespace bench
