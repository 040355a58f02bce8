#include "launcher/signal_wait.hpp"

#include <cerrno>
#include <chrono>
#include <ctime>

namespace sockserv::launcher {

sigset_t supervisor_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
  return set;
}

void block_supervisor_signals() {
  sigset_t set = supervisor_signals();
  sigprocmask(SIG_BLOCK, &set, nullptr);
}

std::optional<siginfo_t> wait_for_signal(std::optional<Deadline> until) {
  sigset_t set = supervisor_signals();
  siginfo_t info{};
  for (;;) {
    int sig;
    if (until) {
      auto left = *until - Clock::now();
      if (left <= Duration::zero()) return std::nullopt;
      auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec ts{std::time_t(ns / 1'000'000'000), long(ns % 1'000'000'000)};
      sig = ::sigtimedwait(&set, &info, &ts);
    } else {
      sig = ::sigwaitinfo(&set, &info);
    }
    if (sig > 0) return info;
    if (errno == EAGAIN) return std::nullopt;  // EINTR (a stop/continue): wait again
  }
}

}  // namespace sockserv::launcher
