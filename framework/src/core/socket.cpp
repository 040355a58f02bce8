#include "core/socket.hpp"

#include <sockserv/error.hpp>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace sockserv::core {

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    reset();
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

Fd::~Fd() { reset(); }

void Fd::reset() noexcept {
  if (fd_ >= 0) ::close(std::exchange(fd_, -1));
}

namespace {

constexpr int listen_backlog = 4096;  // the kernel caps it at somaxconn

[[noreturn]] void fail(const Endpoint& ep, const std::string& why) {
  throw Error("cannot listen on " + ep.to_string() + ": " + why);
}

std::string advice(int e) {
  switch (e) {
    case EADDRINUSE: return " (another socket is bound there: stop it or choose another port)";
    case EACCES: return " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
    case EADDRNOTAVAIL: return " (the host is not an address of this machine)";
    default: return "";
  }
}

int socket_type(Transport t) { return is_stream(t) ? SOCK_STREAM : SOCK_DGRAM; }

Fd open_socket(const Endpoint& ep, int family) {
  Fd fd(::socket(family, socket_type(ep.transport) | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) fail(ep, std::string("socket: ") + std::strerror(errno));
  return fd;
}

void bind_and_listen(const Endpoint& ep, int fd, const sockaddr* sa, socklen_t len) {
  if (::bind(fd, sa, len) < 0) fail(ep, std::strerror(errno) + advice(errno));
  if (is_stream(ep.transport) && ::listen(fd, listen_backlog) < 0)
    fail(ep, std::string("listen: ") + std::strerror(errno));
}

Fd bind_ip(const Endpoint& ep, bool reuse_address) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = socket_type(ep.transport);
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  std::string port = std::to_string(ep.port);
  if (int rc = ::getaddrinfo(ep.host.c_str(), port.c_str(), &hints, &found); rc != 0)
    fail(ep, "cannot resolve host '" + ep.host + "': " + ::gai_strerror(rc));
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  // The first address is the one the resolver prefers; binding it alone keeps one server
  // on one socket (name both [::] and 0.0.0.0 as two servers to serve both).
  Fd fd = open_socket(ep, found->ai_family);
  int on = 1;
  // On a UDP socket SO_REUSEADDR would let a second server bind the same port silently.
  if (reuse_address && is_stream(ep.transport))
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (found->ai_family == AF_INET6)  // as nginx: [::] means IPv6 only, predictably
    ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
  bind_and_listen(ep, fd.get(), found->ai_addr, found->ai_addrlen);
  return fd;
}

sockaddr_un unix_address(const Endpoint& ep) {
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  if (ep.path.size() >= sizeof sun.sun_path) fail(ep, "socket path too long");
  std::memcpy(sun.sun_path, ep.path.data(), ep.path.size());
  return sun;
}

/// Removes the socket file at the endpoint if nothing answers on it; fails if something
/// does, or if the path is not a socket.
void clear_stale_unix_file(const Endpoint& ep, const sockaddr_un& sun) {
  struct stat st {};
  if (::lstat(ep.path.c_str(), &st) < 0) return;  // nothing there
  if (!S_ISSOCK(st.st_mode))
    fail(ep, "'" + ep.path + "' exists and is not a socket; remove it or choose another path");
  Fd probe = open_socket(ep, AF_UNIX);
  int rc = ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof sun);
  if (rc == 0 || errno == EAGAIN || errno == EINPROGRESS)
    fail(ep, "another server is listening on '" + ep.path + "'");
  if (errno != ECONNREFUSED)
    fail(ep, "cannot tell whether '" + ep.path + "' is in use: " + std::strerror(errno));
  ::unlink(ep.path.c_str());
}

void bind_unix(const Endpoint& ep, ListeningSocket& out) {
  sockaddr_un sun = unix_address(ep);
  clear_stale_unix_file(ep, sun);
  out.fd = open_socket(ep, AF_UNIX);
  bind_and_listen(ep, out.fd.get(), reinterpret_cast<const sockaddr*>(&sun), sizeof sun);
  struct stat st {};
  if (::stat(ep.path.c_str(), &st) == 0) {
    out.owns_unix_file = true;
    out.unix_dev = st.st_dev;
    out.unix_ino = st.st_ino;
  }
}

}  // namespace

Address local_address(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0)
    throw SystemError("getsockname", errno);
  return Address(reinterpret_cast<const sockaddr*>(&ss), len);
}

ListeningSocket bind_endpoint(const Endpoint& endpoint, bool reuse_address) {
  ListeningSocket out;
  out.endpoint = endpoint;
  if (endpoint.transport == Transport::unix_stream ||
      endpoint.transport == Transport::unix_datagram)
    bind_unix(endpoint, out);
  else
    out.fd = bind_ip(endpoint, reuse_address);
  out.local = local_address(out.fd.get());
  if (!endpoint.path.empty()) return out;
  out.endpoint.port = out.local.port();
  return out;
}

ListeningSocket adopt_socket(int fd, const Endpoint& endpoint) {
  ListeningSocket out;
  out.fd = Fd(fd);
  // Socket activation hands over blocking sockets; the acceptor's try_next must not block.
  int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
    fail(endpoint, std::string("adopted socket: ") + std::strerror(errno));
  out.endpoint = endpoint;
  out.local = local_address(fd);
  if (endpoint.path.empty()) out.endpoint.port = out.local.port();
  return out;
}

void close_socket(ListeningSocket& socket) noexcept {
  if (!socket.fd) return;
  socket.fd.reset();
  if (!socket.owns_unix_file) return;
  struct stat st {};
  if (::lstat(socket.endpoint.path.c_str(), &st) == 0 && st.st_dev == socket.unix_dev &&
      st.st_ino == socket.unix_ino)
    ::unlink(socket.endpoint.path.c_str());
  socket.owns_unix_file = false;
}

}  // namespace sockserv::core
