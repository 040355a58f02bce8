// `sockserv ctl SOCKET COMMAND`: one command line to a running supervisor's control socket,
// its one-line JSON reply printed. Every step is bounded by one deadline, so a supervisor
// that is stuck (or a socket that nobody serves) cannot hang a script.

#include "core/poll_timeout.hpp"
#include "core/socket.hpp"
#include "launcher/commands.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <iostream>

namespace sockserv::launcher {
namespace {

/// How long a reply may take: a reload loads plugins, a stop answers at once, but either may
/// wait behind another client's reload.
constexpr auto reply_time = std::chrono::seconds(30);

int no_reply(const std::filesystem::path& socket, const std::string& why) {
  std::cerr << "sockserv ctl: " << socket.string() << ": " << why << "\n";
  return 2;
}

/// Connects to `socket`; an invalid Fd after printing why not.
core::Fd connect_to(const std::filesystem::path& socket) {
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  if (socket.native().size() >= sizeof sun.sun_path) {
    no_reply(socket, "path too long for a Unix socket");
    return {};
  }
  std::memcpy(sun.sun_path, socket.c_str(), socket.native().size());
  core::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  // A blocking connect to a Unix socket returns at once, or waits while its backlog is full:
  // SO_SNDTIMEO bounds that wait and the send.
  timeval tv{std::chrono::seconds(reply_time).count(), 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (fd && ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof sun) == 0)
    return fd;
  no_reply(socket, std::string("cannot connect: ") + std::strerror(errno) +
                       "; is sockserv running with this control socket? It listens on the path "
                       "its config's `control:` names (or `sockserv run --control PATH`)");
  return {};
}

/// The reply line (without "\n"), read until `deadline`; nullopt with `why` set if none came.
std::optional<std::string> read_reply(int fd, Deadline deadline, std::string& why) {
  std::string in;
  char buf[4096];
  while (in.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, core::poll_timeout(deadline));
    if (ready == 0) {
      why = "no reply within " + std::to_string(reply_time.count()) +
            "s; the supervisor may be stuck: see its log";
      return std::nullopt;
    }
    ssize_t n = ready < 0 ? -1 : ::recv(fd, buf, sizeof buf, 0);
    if (n > 0) {
      in.append(buf, std::size_t(n));
    } else if (n == 0) {
      why = "the supervisor closed the connection without a reply";
      return std::nullopt;
    } else if (errno != EINTR) {
      why = std::string("reading the reply: ") + std::strerror(errno);
      return std::nullopt;
    }
  }
  return in.substr(0, in.find('\n'));
}

}  // namespace

int ctl_command(const std::filesystem::path& socket, const std::string& command) {
  if (command.empty() || command.find_first_of("\r\n") != std::string::npos) {
    std::cerr << "sockserv ctl: the command must be one word on one line (status, reload, stop)\n";
    return 2;
  }
  Deadline deadline = Clock::now() + reply_time;
  core::Fd fd = connect_to(socket);
  if (!fd) return 2;
  std::string line = command + "\n";
  if (::send(fd.get(), line.data(), line.size(), MSG_NOSIGNAL) != ssize_t(line.size()))
    return no_reply(socket, std::string("sending the command: ") + std::strerror(errno));
  std::string why;
  auto reply = read_reply(fd.get(), deadline, why);
  if (!reply) return no_reply(socket, why);
  std::cout << *reply << "\n";
  // The supervisor writes "ok" first in every reply (control_replies.hpp).
  return reply->starts_with("{\"ok\":true") ? 0 : 1;
}

}  // namespace sockserv::launcher
