#pragma once
/// @file datagram.hpp
/// One received datagram (UDP or Unix-domain), as a handler reads and answers it.

#include <sockserv/address.hpp>
#include <sockserv/api.hpp>

#include <string>
#include <string_view>

namespace sockserv {

namespace detail {
struct ServerCounters;
struct CounterAccess;
}  // namespace detail

/// A datagram and the way back to its sender. Made by the framework for each datagram.
class SOCKSERV_API Datagram {
 public:
  /// A datagram of `data` from `peer`, received on the server socket `socket_fd` (not owned).
  Datagram(std::string data, Address peer, int socket_fd);

  /// The bytes received.
  std::string_view data() const noexcept { return data_; }
  /// The sender; empty family for an unnamed Unix-domain sender, which cannot be answered.
  const Address& peer() const noexcept { return peer_; }
  /// Sends `bytes` to the sender from the server's socket. Throws Error if the sender is an
  /// unnamed Unix socket, SystemError if the send fails, TimeoutError if the socket's send
  /// buffer stays full for 5 seconds (waiting only the current task).
  void reply(std::string_view bytes);
  /// The server's socket it came in on (not owned): for sending to other peers from the
  /// server's address; valid while the server lives (dup(2) it to keep it longer).
  int native_handle() const noexcept { return socket_fd_; }

 private:
  std::string data_;
  Address peer_;
  int socket_fd_;
  friend struct detail::CounterAccess;
  detail::ServerCounters* counters_ = nullptr;  // its server's: replies count as bytes out
};

}  // namespace sockserv
