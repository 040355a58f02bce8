#include <sockserv/connect.hpp>
#include <sockserv/error.hpp>
#include <sockserv/event.hpp>
#include <sockserv/task.hpp>

#include "core/socket.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

namespace sockserv {
namespace {

using core::Fd;

/// The addresses of `ep`. getaddrinfo(3) blocks, so it runs on a helper thread while the
/// current task waits on an Event: an event loop never stalls on DNS.
std::vector<Address> resolve(const Endpoint& ep, Deadline deadline) {
  struct Result {
    Event done;
    std::vector<Address> addresses;
    std::string error;
  };
  auto result = std::make_shared<Result>();
  std::thread([result, host = ep.host, port = std::to_string(ep.port)] {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
      result->error = ::gai_strerror(rc);
    } else {
      for (auto* a = found; a; a = a->ai_next) result->addresses.emplace_back(a->ai_addr, a->ai_addrlen);
      ::freeaddrinfo(found);
    }
    result->done.set();
  }).detach();
  auto left = deadline == no_deadline ? Duration::zero() : deadline - Clock::now();
  if (deadline != no_deadline && left <= Duration::zero()) left = Duration(1);
  if (!result->done.wait(left)) throw TimeoutError("resolving '" + ep.host + "' timed out");
  if (!result->error.empty())
    throw Error("cannot resolve '" + ep.host + "': " + result->error);
  return result->addresses;
}

std::vector<Address> addresses_of(const Endpoint& ep, Deadline deadline) {
  if (ep.transport == Transport::unix_stream) {
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    std::memcpy(sun.sun_path, ep.path.data(), std::min(ep.path.size(), sizeof sun.sun_path - 1));
    return {Address(reinterpret_cast<sockaddr*>(&sun), sizeof sun)};
  }
  if (ep.transport != Transport::tcp)
    throw Error("connect: " + ep.to_string() + " is not a stream endpoint (tcp:// or unix://)");
  in6_addr v6;
  in_addr v4;
  if (inet_pton(AF_INET, ep.host.c_str(), &v4) == 1 || inet_pton(AF_INET6, ep.host.c_str(), &v6) == 1) {
    addrinfo hints{};
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string port = std::to_string(ep.port);
    if (::getaddrinfo(ep.host.c_str(), port.c_str(), &hints, &found) != 0)
      throw Error("bad address '" + ep.host + "'");
    Address a(found->ai_addr, found->ai_addrlen);
    ::freeaddrinfo(found);
    return {a};
  }
  return resolve(ep, deadline);
}

/// One attempt; returns the connected socket, or -1 with `error` set.
Fd try_connect(const Address& to, Deadline deadline, int& error) {
  Fd fd(::socket(to.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw SystemError("socket", errno);
  if (::connect(fd.get(), to.data(), to.size()) == 0) return fd;
  if (errno != EINPROGRESS && errno != EAGAIN) {
    error = errno;
    return Fd();
  }
  if (!Task::current().wait(fd.get(), Readiness::writable, deadline)) {
    Task::current().release(fd.get());
    throw TimeoutError("connecting to " + to.to_string() + " timed out");
  }
  Task::current().release(fd.get());
  socklen_t len = sizeof error;
  ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len);
  return error == 0 ? std::move(fd) : Fd();
}

}  // namespace

std::unique_ptr<Stream> connect(const Endpoint& endpoint, Duration timeout) {
  Deadline deadline = deadline_after(timeout);
  int error = 0;
  for (const Address& to : addresses_of(endpoint, deadline)) {
    Fd fd = try_connect(to, deadline, error);
    if (!fd) continue;
    Address local = core::local_address(fd.get());
    return std::make_unique<Stream>(fd.release(), to, local);
  }
  throw SystemError("connect to " + endpoint.to_string(), error ? error : ECONNREFUSED);
}

std::unique_ptr<Stream> connect(std::string_view endpoint, Duration timeout) {
  return connect(Endpoint::parse(endpoint), timeout);
}

struct Listener::Impl {
  core::ListeningSocket socket;
};

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Listener::~Listener() {
  Task::current().release(impl_->socket.fd.get());
  core::close_socket(impl_->socket);
}

const Endpoint& Listener::endpoint() const noexcept { return impl_->socket.endpoint; }

std::unique_ptr<Stream> Listener::accept(Duration timeout) {
  Deadline deadline = deadline_after(timeout);
  int listening = impl_->socket.fd.get();
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(listening, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0)
      return std::make_unique<Stream>(fd, Address(reinterpret_cast<sockaddr*>(&ss), len),
                                      core::local_address(fd));
    if (errno == EINTR || errno == ECONNABORTED) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) throw SystemError("accept", errno);
    if (!Task::current().wait(listening, Readiness::readable, deadline)) return nullptr;
  }
}

std::unique_ptr<Listener> listen(const Endpoint& endpoint) {
  if (!is_stream(endpoint.transport))
    throw Error("listen: " + endpoint.to_string() + " is not a stream endpoint (tcp:// or unix://)");
  auto impl = std::make_unique<Listener::Impl>();
  impl->socket = core::bind_endpoint(endpoint, true);
  return std::unique_ptr<Listener>(new Listener(std::move(impl)));
}

}  // namespace sockserv
