#include "member.hpp"

#include <sockserv/error.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <random>

namespace chat {

std::string new_member_id() {
  static thread_local std::mt19937_64 bits{std::random_device{}()};
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(bits()));
  return out;
}

StreamMember::StreamMember(std::string id, sockserv::Stream& stream, std::size_t outbox)
    : Member(std::move(id)), stream_(stream), outbox_(outbox) {}

bool StreamMember::deliver(const std::string& line) {
  if (outbox_.try_push(line + "\n")) return true;
  if (!outbox_.closed()) disconnect("not reading: outbox full");
  return false;
}

void StreamMember::write_loop() {
  while (auto line = outbox_.pop()) {
    try {
      stream_.write_all(*line);
    } catch (const sockserv::ConnectionError&) {
      disconnect("connection lost");
      return;
    } catch (const sockserv::SystemError&) {
      disconnect("connection lost");
      return;
    }
  }
}

void StreamMember::disconnect(const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (!attached_ || !reason_.empty()) return;
  reason_ = reason;
  outbox_.close();
  // Wakes both the reader (end of stream) and a writer blocked on a full socket (EPIPE).
  ::shutdown(stream_.native_handle(), SHUT_RDWR);
}

void StreamMember::close() { outbox_.close(); }

void StreamMember::detach() {
  std::lock_guard lock(mutex_);
  attached_ = false;
  outbox_.close();
}

std::string StreamMember::disconnected() const {
  std::lock_guard lock(mutex_);
  return reason_;
}

DatagramSocket::DatagramSocket(int fd) : fd_(::fcntl(fd, F_DUPFD_CLOEXEC, 0)) {
  if (fd_ < 0) throw sockserv::SystemError("dup of the chat server's socket", errno);
}

DatagramSocket::~DatagramSocket() { ::close(fd_); }

bool DatagramSocket::send_to(const sockserv::Address& to, const std::string& bytes) const noexcept {
  return ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL, to.data(),
                  to.size()) >= 0;
}

DatagramMember::DatagramMember(std::string id, std::shared_ptr<const DatagramSocket> socket,
                               sockserv::Address peer, sockserv::Duration idle)
    : Member(std::move(id)),
      socket_(std::move(socket)),
      peer_(std::move(peer)),
      idle_(idle),
      last_seen_(sockserv::Clock::now().time_since_epoch().count()) {}

bool DatagramMember::deliver(const std::string& line) { return socket_->send_to(peer_, line + "\n"); }

bool DatagramMember::expired() const {
  auto seen = sockserv::Clock::time_point(sockserv::Clock::duration(last_seen_.load()));
  return sockserv::Clock::now() - seen > idle_;
}

void DatagramMember::touch() noexcept {
  last_seen_.store(sockserv::Clock::now().time_since_epoch().count());
}

}  // namespace chat
