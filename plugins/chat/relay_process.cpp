#include "relay_process.hpp"

#include "udp_relay.hpp"

#include <sockserv/error.hpp>
#include <sockserv/task.hpp>

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

namespace chat {
namespace {

using namespace std::chrono_literals;

/// Sends `fds` over `channel` in one message.
bool send_fds(int channel, const int (&fds)[2]) {
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof fds);
  std::memcpy(CMSG_DATA(c), fds, sizeof fds);
  return ::sendmsg(channel, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) == 1;
}

/// Receives a message of two fds; false at the end of the channel.
bool receive_fds(int channel, int (&fds)[2]) {
  char byte;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof fds)] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  while ((n = ::recvmsg(channel, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
  }
  if (n <= 0) return false;
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  if (!c || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof fds)) return true;
  std::memcpy(fds, CMSG_DATA(c), sizeof fds);
  return true;
}

/// The relay process: reads offers on one thread, relays on another, until the serving
/// process closes the channel or dies (PDEATHSIG), or stops it.
[[noreturn]] void relay_main(int channel, RedisSettings settings, sockserv::Duration idle,
                             std::shared_ptr<sockserv::Logger> log) noexcept {
  try {
    UdpRelay relay(settings, idle, log);
    std::thread offers([&] {
      for (int fds[2] = {-1, -1}; receive_fds(channel, fds); fds[0] = fds[1] = -1)
        if (fds[0] >= 0) relay.add_socket(fds[0], fds[1]);
      ::_exit(0);  // the serving process is gone
    });
    relay.run();
  } catch (const std::exception& e) {
    log->error(std::string("chat: the UDP relay stopped: ") + e.what());
  }
  ::_exit(1);
}

}  // namespace

RelayProcess::RelayProcess(const RedisSettings& settings, sockserv::Duration idle,
                           std::shared_ptr<sockserv::Logger> log) {
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) < 0)
    throw sockserv::SystemError("chat: socket pair for the UDP relay", errno);
  pid_t parent = ::getpid();
  pid_ = ::fork();
  if (pid_ < 0) {
    int error = errno;
    ::close(pair[0]);
    ::close(pair[1]);
    throw sockserv::SystemError("chat: fork of the UDP relay", error);
  }
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(0);
    ::close(pair[0]);
    relay_main(pair[1], settings, idle, log);
  }
  ::close(pair[1]);
  channel_ = pair[0];
}

RelayProcess::~RelayProcess() {
  ::close(channel_);
  ::kill(pid_, SIGKILL);  // it keeps nothing that needs saving: Redis holds it all
  int status;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
}

void RelayProcess::offer(int fd) {
  {
    std::lock_guard lock(mutex_);
    if (offered_.contains(fd)) return;
  }
  if (!hand_over(fd)) return;  // offered again with the next datagram
  std::lock_guard lock(mutex_);
  offered_.insert(fd);
}

bool RelayProcess::hand_over(int fd) {
  int ack[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, ack) < 0) return false;
  int fds[2] = {fd, ack[1]};
  bool sent = send_fds(channel_, fds);
  ::close(ack[1]);
  char byte = 0;
  auto deadline = sockserv::Clock::now() + 3s;
  bool heard = false;
  while (sent && !heard && sockserv::Clock::now() < deadline) {
    if (::recv(ack[0], &byte, 1, 0) == 1) heard = true;
    else if (errno != EAGAIN && errno != EINTR) break;
    else sockserv::Task::current().wait(ack[0], sockserv::Readiness::readable, deadline);
  }
  ::close(ack[0]);
  return heard;
}

}  // namespace chat
