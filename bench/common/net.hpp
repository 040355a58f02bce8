#pragma once
// Socket helpers shared by the load tool and the reference servers: loopback addresses,
// non-blocking sockets, and failing loudly. Benchmark code only, never the framework's.

#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace bench {

/// An IPv4 or IPv6 socket address.
struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
  int family() const { return storage.ss_family; }
};

/// Parses a numeric IPv4 or IPv6 host and a port; throws std::runtime_error naming the host.
Address make_address(const std::string& host, std::uint16_t port);

/// Prints "context: strerror(errno)" to stderr and exits with status 2.
[[noreturn]] void die(const std::string& context);

/// Sets O_NONBLOCK.
void set_nonblocking(int fd);

/// Sets TCP_NODELAY: ping-pong messages must not wait for Nagle.
void set_nodelay(int fd);

/// A bound socket of `type` (SOCK_STREAM listening, or SOCK_DGRAM), non-blocking, with
/// SO_REUSEADDR; exits on failure.
int bind_socket(const Address& address, int type);

/// The port a bound socket got (for port 0).
std::uint16_t local_port(int fd);

}  // namespace bench
