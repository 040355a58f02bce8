#include "launcher/signal_wait.hpp"

#include <sockserv/error.hpp>

#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

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

SignalFd::SignalFd() {
  sigset_t set = supervisor_signals();
  fd_ = core::Fd(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
  if (!fd_) throw SystemError("signalfd", errno);
}

std::vector<int> SignalFd::take() {
  std::vector<int> out;
  signalfd_siginfo info{};
  for (;;) {
    ssize_t n = ::read(fd_.get(), &info, sizeof info);
    if (n == ssize_t(sizeof info)) {
      out.push_back(int(info.ssi_signo));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    return out;  // EAGAIN: none left
  }
}

}  // namespace sockserv::launcher
