#include "core/poller.hpp"

#include <sockserv/error.hpp>

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

namespace sockserv::core {
namespace {

constexpr int max_events = 128;
constexpr std::uint32_t read_events = EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
constexpr std::uint32_t write_events = EPOLLOUT | EPOLLHUP | EPOLLERR;

std::uint64_t key(int fd, std::uint32_t generation) {
  return std::uint64_t(generation) << 32 | std::uint32_t(fd);
}

}  // namespace

Poller::Poller() : epoll_fd_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (epoll_fd_ < 0) throw SystemError("epoll_create1 for an event loop", errno);
}

Poller::~Poller() { ::close(epoll_fd_); }

Poller::FdState& Poller::state(int fd) {
  if (std::size_t(fd) >= fds_.size()) fds_.resize(std::size_t(fd) + 1);
  return fds_[std::size_t(fd)];
}

void Poller::register_fd(int fd, FdState& s) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = key(fd, s.generation);
  int rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  // Forgotten without being closed (a parker's eventfd that outlived its task): the old
  // registration is still there, with the old generation. Take it over.
  if (rc < 0 && errno == EEXIST) rc = ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &ev);
  if (rc < 0 && errno == EPERM) {
    s.always_ready = true;  // a regular file: never blocks, so never needs waiting for
  } else if (rc < 0) {
    throw SystemError("epoll_ctl(EPOLL_CTL_ADD) of descriptor " + std::to_string(fd), errno);
  }
  s.registered = true;
}

bool Poller::ready_or_enlist(int fd, Direction direction, Waiter& waiter) {
  FdState& s = state(fd);
  if (!s.registered) register_fd(fd, s);
  if (s.always_ready) return true;
  bool& edge = s.edge[int(direction)];
  if (edge) {
    edge = false;
    return true;
  }
  waiter.fd = fd;
  waiter.direction = direction;
  waiter.next = s.waiters[int(direction)];
  s.waiters[int(direction)] = &waiter;
  return false;
}

void Poller::withdraw(Waiter& waiter) noexcept {
  if (waiter.fd < 0) return;
  Waiter** link = &fds_[std::size_t(waiter.fd)].waiters[int(waiter.direction)];
  while (*link && *link != &waiter) link = &(*link)->next;
  if (*link) *link = waiter.next;
  waiter.next = nullptr;
  waiter.fd = -1;
}

void Poller::wake_all(FdState& s, Direction d, std::vector<Waiter*>& woken) noexcept {
  Waiter* w = s.waiters[int(d)];
  s.waiters[int(d)] = nullptr;
  while (w) {
    Waiter* next = w->next;
    w->next = nullptr;
    w->fd = -1;
    woken.push_back(w);
    w = next;
  }
}

void Poller::forget(int fd, std::vector<Waiter*>& woken) {
  if (fd < 0 || std::size_t(fd) >= fds_.size()) return;
  FdState& s = fds_[std::size_t(fd)];
  wake_all(s, Direction::read, woken);
  wake_all(s, Direction::write, woken);
  std::uint32_t next_generation = s.generation + 1;
  s = FdState{};
  s.generation = next_generation;
}

void Poller::expect_first_read(int fd) {
  FdState& s = state(fd);
  if (!s.registered) register_fd(fd, s);
  if (!s.always_ready) s.empty = true;
}

bool Poller::may_have_data(int fd) const noexcept {
  if (fd < 0 || std::size_t(fd) >= fds_.size()) return true;
  return !fds_[std::size_t(fd)].empty;
}

void Poller::drained(int fd) noexcept {
  // Only a registered descriptor gets the edge that ends "empty"; registering here would
  // cost an epoll_ctl on connections that never wait. A read that stopped at an urgent
  // mark (SO_OOBINLINE) left data behind that no later edge announces; so did one that
  // took the last data before a FIN or an error already announced (nginx's pending_eof).
  if (fd < 0 || std::size_t(fd) >= fds_.size()) return;
  FdState& s = fds_[std::size_t(fd)];
  if (!s.registered || s.always_ready || s.urgent || s.hung_up) return;
  s.empty = true;
  s.edge[int(Direction::read)] = false;  // it announced data this read has taken
}

void Poller::set_wakeup(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLET;
  ev.data.u64 = wakeup_key;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) < 0)
    throw SystemError("epoll_ctl(EPOLL_CTL_ADD) of an event loop's wake-up", errno);
}

void Poller::on_event(std::uint64_t k, std::uint32_t events, std::vector<Waiter*>& woken) {
  auto fd = std::uint32_t(k);
  if (fd >= fds_.size()) return;
  FdState& s = fds_[fd];
  if (!s.registered || s.generation != std::uint32_t(k >> 32)) return;  // a forgotten one's
  if (events & EPOLLPRI) s.urgent = true;
  if (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) s.hung_up = true;
  if (events & read_events) s.empty = false;
  for (Direction d : {Direction::read, Direction::write}) {
    if (!(events & (d == Direction::read ? read_events : write_events))) continue;
    if (s.waiters[int(d)])
      wake_all(s, d, woken);  // they retry their call: no edge kept for them to consume
    else
      s.edge[int(d)] = true;
  }
}

bool Poller::poll(int timeout_ms, std::vector<Waiter*>& woken) {
  epoll_event events[max_events];
  int n = ::epoll_wait(epoll_fd_, events, max_events, timeout_ms);
  if (n < 0) {
    if (errno == EINTR) return false;
    throw SystemError("epoll_wait in an event loop", errno);
  }
  bool wakeup = false;
  for (int i = 0; i < n; ++i) {
    if (events[i].data.u64 == wakeup_key)
      wakeup = true;
    else
      on_event(events[i].data.u64, events[i].events, woken);
  }
  return wakeup;
}

}  // namespace sockserv::core
