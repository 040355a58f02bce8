#include "core/acceptor_impl.hpp"

#include "core/poll_timeout.hpp"
#include "core/socket.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sockserv::core {
namespace {

constexpr std::size_t max_datagram = 65536;

}  // namespace

AcceptorImpl::AcceptorImpl(std::shared_ptr<ServerContext> context, int fd)
    : context_(std::move(context)), fd_(fd), local_(local_address(fd)) {
  if (!is_stream(context_->transport)) datagram_buffer_.resize(max_datagram);
}

std::optional<Request> AcceptorImpl::next(Deadline deadline) {
  for (;;) {
    if (context_->stop.requested()) return std::nullopt;
    if (auto request = try_next()) return request;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {context_->stop.fd(), POLLIN, 0}};
    int n = ::poll(fds, 2, poll_timeout(deadline));
    if (n < 0 && errno != EINTR) throw SystemError("poll on the listening socket", errno);
    if (n == 0 && Clock::now() >= deadline) return std::nullopt;
  }
}

std::optional<Request> AcceptorImpl::try_next() {
  return is_stream(context_->transport) ? accept_one() : receive_one();
}

std::optional<Request> AcceptorImpl::accept_one() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) back_off_after(errno);
      return std::nullopt;
    }
    Address peer(reinterpret_cast<const sockaddr*>(&ss), len);
    if (!admitted(peer)) {
      ::close(fd);
      continue;
    }
    return Request(make_stream_request(context_, fd, std::move(peer), local_));
  }
}

std::optional<Request> AcceptorImpl::receive_one() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ssize_t n = ::recvfrom(fd_, datagram_buffer_.data(), datagram_buffer_.size(),
                           MSG_DONTWAIT | MSG_TRUNC, reinterpret_cast<sockaddr*>(&ss), &len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) back_off_after(errno);
      return std::nullopt;
    }
    Address peer(reinterpret_cast<const sockaddr*>(&ss), len);
    if (std::size_t(n) > datagram_buffer_.size()) {  // MSG_TRUNC reports the real length
      context_->log->warn("dropped a datagram of " + std::to_string(n) + " bytes from " +
                          peer.to_string() + ": larger than " +
                          std::to_string(datagram_buffer_.size()) + " bytes");
      continue;
    }
    if (!admitted(peer)) continue;
    return Request(make_datagram_request(context_, std::string(datagram_buffer_.data(), n),
                                         std::move(peer), fd_));
  }
}

bool AcceptorImpl::admitted(const Address& peer) {
  try {
    if (context_->plugin->verify_request(peer)) return true;
    context_->log->debug("refused " + peer.to_string() + ": the plugin's verify_request");
  } catch (const std::exception& e) {
    context_->log->error("plugin '" + context_->plugin_name + "', peer " + peer.to_string() +
                         ": verify_request failed: " + e.what());
  }
  return false;
}

void AcceptorImpl::back_off_after(int error) {
  // Out of descriptors (EMFILE, ENFILE) or memory: the listener stays readable, so pause
  // rather than spin; the stop still wakes us at once.
  context_->log->error(std::string("accept failed: ") + std::strerror(error) +
                       "; pausing 100ms before accepting again");
  pollfd stop_fd{context_->stop.fd(), POLLIN, 0};
  ::poll(&stop_fd, 1, 100);
}

}  // namespace sockserv::core
