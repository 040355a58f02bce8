#include "sendfile_interposer.hpp"

#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>

namespace sockserv::test {
namespace {

std::atomic<bool> armed{false};
std::atomic<bool> raised{false};

ssize_t kernel_sendfile(int out_fd, int in_fd, off_t* offset, std::size_t count) {
  return ::syscall(SYS_sendfile, out_fd, in_fd, offset, count);
}

bool sigpipe_pending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

}  // namespace

void break_next_sendfile() {
  raised = false;
  armed = true;
}

bool broken_sendfile_raised_sigpipe() { return raised.load(); }

}  // namespace sockserv::test

extern "C" ssize_t sendfile(int out_fd, int in_fd, off_t* offset, std::size_t count) noexcept {
  using namespace sockserv::test;
  if (!armed.exchange(false)) return kernel_sendfile(out_fd, in_fd, offset, count);
  // Inside the kernel one sendfile is many sends: the first pieces go out, the shutdown
  // comes, the next piece fails. The call reports what went out; the signal stays raised.
  bool before = sigpipe_pending();
  ssize_t sent = kernel_sendfile(out_fd, in_fd, offset, count / 2);
  ::shutdown(out_fd, SHUT_WR);
  if (sent > 0) kernel_sendfile(out_fd, in_fd, offset, count - std::size_t(sent));
  raised = !before && sigpipe_pending();
  return sent;
}
