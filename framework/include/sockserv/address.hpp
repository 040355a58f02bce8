#pragma once
/// @file address.hpp
/// A socket address: the peer or local side of a connection or datagram.

#include <sockserv/api.hpp>

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace sockserv {

/// An IPv4, IPv6 or Unix-domain socket address. Value type.
class SOCKSERV_API Address {
 public:
  /// The empty address (family AF_UNSPEC).
  Address() noexcept;
  /// Copies `len` bytes of `sa`.
  Address(const sockaddr* sa, socklen_t len) noexcept;

  /// AF_INET, AF_INET6, AF_UNIX or AF_UNSPEC.
  int family() const noexcept { return storage_.ss_family; }
  /// The port of an IP address; 0 for others.
  std::uint16_t port() const noexcept;
  /// The IP as text ("127.0.0.1", "::1"), or the Unix socket path ("" when unnamed).
  std::string host() const;
  /// "127.0.0.1:8080", "[::1]:8080", "/run/x.sock", or "(unnamed)" for an unnamed Unix peer.
  std::string to_string() const;

  /// For system calls.
  const sockaddr* data() const noexcept { return reinterpret_cast<const sockaddr*>(&storage_); }
  /// For system calls.
  socklen_t size() const noexcept { return len_; }

 private:
  sockaddr_storage storage_;
  socklen_t len_;
};

}  // namespace sockserv
