#pragma once
// Listening sockets: binding an Endpoint, and the file descriptor that owns one.

#include <sockserv/address.hpp>
#include <sockserv/endpoint.hpp>

#include <sys/types.h>

#include <utility>

namespace sockserv::core {

/// Owns a file descriptor; closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) noexcept : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd();
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const noexcept { return fd_; }
  int release() noexcept { return std::exchange(fd_, -1); }
  void reset() noexcept;
  explicit operator bool() const noexcept { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

/// A bound (and, for streams, listening) non-blocking socket.
struct ListeningSocket {
  Fd fd;
  Endpoint endpoint;       ///< as bound: the real port when 0 was asked
  Address local;
  bool owns_unix_file = false;  ///< created the socket file: remove it at close
  dev_t unix_dev = 0;           ///< identity of that file, so we never remove another's
  ino_t unix_ino = 0;
};

/// Binds `endpoint` (and listens, for streams). Throws Error naming the endpoint, the
/// cause and what to do. A stale Unix socket file (nothing listening) is replaced; a live
/// one, or a file that is not a socket, is an error.
ListeningSocket bind_endpoint(const Endpoint& endpoint, bool reuse_address);

/// Takes over `fd`, already bound to `endpoint` by a supervisor.
ListeningSocket adopt_socket(int fd, const Endpoint& endpoint);

/// Closes the socket and removes the Unix socket file if this process made it and it is
/// still the same file.
void close_socket(ListeningSocket& socket) noexcept;

/// The local address `fd` is bound to.
Address local_address(int fd);

}  // namespace sockserv::core
