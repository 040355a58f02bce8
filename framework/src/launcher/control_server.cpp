#include "launcher/control_server.hpp"

#include "core/spdlog_logger.hpp"
#include "launcher/control_replies.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sockserv::launcher {
namespace {

Logger& log() { return core::process_log(); }

/// The command line in `in`, without "\r\n"; nullopt if its newline has not come yet.
std::optional<std::string_view> command_line(const std::string& in) {
  auto end = in.find('\n');
  if (end == std::string::npos) return std::nullopt;
  std::string_view line(in.data(), end);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

}  // namespace

ControlServer::ControlServer(core::ListeningSocket socket, Answer answer)
    : socket_(std::move(socket)), answer_(std::move(answer)) {}

ControlServer::~ControlServer() {
  clients_.clear();
  core::close_socket(socket_);
}

void ControlServer::want(std::vector<pollfd>& fds) const {
  // A negative fd keeps its place in the array and is ignored by poll.
  fds.push_back({accept_paused_until_ ? -1 : socket_.fd.get(), POLLIN, 0});
  for (const auto& c : clients_)
    fds.push_back({c.fd.get(), short(c.answered ? POLLOUT : POLLIN), 0});
}

void ControlServer::serve(std::span<const pollfd> polled, Deadline now) {
  // Clients only ever join at the back, so polled[1 + i] is still clients_[i].
  for (std::size_t i = 0; i + 1 < polled.size() && i < clients_.size(); ++i)
    if (polled[1 + i].revents != 0) step(clients_[i], now);
  std::erase_if(clients_, [](const Client& c) { return c.done; });
  if (!polled.empty() && (polled[0].revents & POLLIN)) accept_all(now);
}

void ControlServer::accept_all(Deadline now) {
  for (;;) {
    int fd = ::accept4(socket_.fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN) {
        log().warn(std::string("control socket: accept: ") + std::strerror(errno) +
                   "; trying again in 100ms");
        accept_paused_until_ = now + std::chrono::milliseconds(100);
      }
      return;
    }
    if (clients_.size() >= max_clients) {
      log().warn("control socket: " + std::to_string(max_clients) +
                 " clients already; closing a new one unanswered");
      ::close(fd);
      continue;
    }
    clients_.push_back({core::Fd(fd), {}, {}, 0, now + client_time, false, false});
  }
}

void ControlServer::step(Client& c, Deadline now) {
  if (c.answered) return write(c);
  read(c);
  if (c.done) return;
  auto line = command_line(c.in);
  if (line && line->size() <= max_command) return reply(c, answer_(*line), now);
  if (line || c.in.size() > max_command)
    reply(c, error_reply("command longer than " + std::to_string(max_command) +
                         " bytes; send one line: " + valid_commands()),
          now);
}

void ControlServer::read(Client& c) {
  char buf[1024];
  while (c.in.size() <= max_command && c.in.find('\n') == std::string::npos) {
    ssize_t n = ::recv(c.fd.get(), buf, sizeof buf, 0);
    if (n > 0) {
      c.in.append(buf, std::size_t(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    // The end without a newline: what came is the command (`printf status | nc -U`).
    if (n == 0 && !c.in.empty()) c.in += '\n';
    else c.done = true;
    return;
  }
}

void ControlServer::reply(Client& c, std::string json, Deadline now) {
  c.out = std::move(json) + "\n";
  c.answered = true;
  c.deadline = now + client_time;
  write(c);
}

void ControlServer::write(Client& c) {
  while (c.sent < c.out.size()) {
    // MSG_NOSIGNAL: a client gone before its reply must not SIGPIPE the supervisor.
    ssize_t n = ::send(c.fd.get(), c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n > 0) {
      c.sent += std::size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    break;  // the client went away
  }
  c.done = true;
}

void ControlServer::on_time(Deadline now) {
  if (accept_paused_until_ && *accept_paused_until_ <= now) accept_paused_until_.reset();
  std::erase_if(clients_, [&](const Client& c) {
    if (c.deadline > now) return false;
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(client_time).count();
    log().warn(std::string("control socket: a client ") +
               (c.answered ? "did not take its reply" : "sent no command line") + " within " +
               std::to_string(seconds) + "s; closing it");
    return true;
  });
}

std::optional<Deadline> ControlServer::next_deadline() const {
  std::optional<Deadline> next = accept_paused_until_;
  for (const auto& c : clients_)
    if (!next || c.deadline < *next) next = c.deadline;
  return next;
}

bool ControlServer::replying() const {
  return std::any_of(clients_.begin(), clients_.end(), [](const Client& c) { return c.answered; });
}

void ControlServer::close_in_child() const noexcept {
  ::close(socket_.fd.get());
  for (const auto& c : clients_) ::close(c.fd.get());
}

}  // namespace sockserv::launcher
