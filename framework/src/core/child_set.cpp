#include "core/child_set.hpp"

#include <sockserv/error.hpp>

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/poll_timeout.hpp"

#include <algorithm>
#include <bitset>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <ranges>

namespace sockserv::core {
namespace {

/// Closes descriptors `first` to `last`, both included.
void close_run(int first, int last) noexcept {
  if (::close_range(unsigned(first), unsigned(last), 0) == 0) return;
  for (int fd = first; fd <= last; ++fd) ::close(fd);  // ENOSYS: Linux before 5.9
}

/// "SIGSEGV", as people and grep know it.
std::string signal_name(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev ? std::string("SIG") + abbrev : std::string("an unnamed signal");
}

}  // namespace

ChildSet::ChildSet(std::shared_ptr<Logger> log) : log_(std::move(log)) {}

ChildSet::~ChildSet() {
  for (const auto& c : children_) ::close(c.pidfd);
}

void ChildSet::add(pid_t pid, const Address& peer, std::shared_ptr<void> ticket) {
  int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
  Child child{pid, pidfd, peer, std::move(ticket)};
  if (pidfd >= 0) {
    children_.push_back(std::move(child));
    return;
  }
  log_->error("cannot watch child " + std::to_string(pid) + ": pidfd_open: " +
              std::strerror(errno) + " (Linux 5.3 or later needed); waiting for it to end");
  int status = 0;
  pid_t done;
  while ((done = ::waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
  }
  if (done == pid) report(child, status);
}

void ChildSet::append_pollfds(std::vector<pollfd>& fds) const {
  for (const auto& c : children_) fds.push_back({c.pidfd, POLLIN, 0});
}

void ChildSet::reap_ready(std::span<const pollfd> fds) {
  // Backwards, so moving the last child into a reaped one's place disturbs only entries
  // already looked at.
  for (std::size_t i = std::min(fds.size(), children_.size()); i-- > 0;) {
    if (fds[i].revents == 0 || !reap(children_[i])) continue;
    children_[i] = std::move(children_.back());
    children_.pop_back();
  }
}

bool ChildSet::wait(Deadline deadline, std::size_t at_most) {
  std::vector<pollfd> fds;
  while (children_.size() > at_most) {
    fds.clear();
    append_pollfds(fds);
    int n = ::poll(fds.data(), fds.size(), poll_timeout(deadline));
    if (n < 0 && errno != EINTR) throw SystemError("poll on child processes", errno);
    if (n > 0) reap_ready(fds);
    if (n == 0 && Clock::now() >= deadline) return false;
  }
  return true;
}

void ChildSet::signal_all(int signal) noexcept {
  terminating_ = true;
  // By pid: a child not yet reaped keeps its pid, so it cannot name another process.
  for (const auto& c : children_) ::kill(c.pid, signal);
}

void ChildSet::close_in_child() const noexcept {
  // A close per sibling made every child's cost grow with the number of live children.
  // Their pidfds mostly sit together, between descriptors that must stay open (this
  // child's connection among them), so mark them and close each run at once.
  if (children_.empty()) return;
  auto [low, high] = std::ranges::minmax(children_ | std::views::transform(&Child::pidfd));
  constexpr int max_span = 4096;  // bits on the stack; wider sets close one by one
  if (high - low >= max_span) {
    for (const auto& c : children_) ::close(c.pidfd);
    return;
  }
  std::bitset<max_span> sibling;
  for (const auto& c : children_) sibling.set(std::size_t(c.pidfd - low));
  for (int first = 0; first <= high - low; ++first) {
    if (!sibling[std::size_t(first)]) continue;
    int last = first;
    while (last < high - low && sibling[std::size_t(last + 1)]) ++last;
    close_run(low + first, low + last);
    first = last;
  }
}

bool ChildSet::reap(Child& child) {
  int status = 0;
  pid_t done = ::waitpid(child.pid, &status, WNOHANG);
  if (done == 0) return false;  // a spurious wake-up: it still runs
  // ECHILD means someone else reaped it (SIGCHLD set to SIG_IGN): it is gone all the same.
  if (done == child.pid) report(child, status);
  ::close(child.pidfd);
  return true;
}

void ChildSet::report(const Child& child, int status) const {
  std::string who = "child " + std::to_string(child.pid) + " serving " + child.peer.to_string();
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) != 0)
      log_->error(who + " exited with status " + std::to_string(WEXITSTATUS(status)));
    return;
  }
  if (!WIFSIGNALED(status)) return;
  int signal = WTERMSIG(status);
  std::string how = who + " was killed by signal " + std::to_string(signal) + " (" +
                    signal_name(signal) + ")";
  if (terminating_ && (signal == SIGTERM || signal == SIGKILL))
    log_->warn(how + " at shutdown");
  else
    log_->error(how + "; the server goes on");
}

}  // namespace sockserv::core
