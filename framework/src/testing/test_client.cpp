// The test harness's client: plain blocking sockets, every wait bounded by the timeout.
#include <sockserv/testing.hpp>

#include <sockserv/error.hpp>

#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

namespace sockserv::testing {
namespace {

/// Client sockets are closed in every child this process forks (the forking policy's), as
/// if the clients ran in another process: a child holding a copy of a client's socket
/// would keep the connection open after the client closed it. The mutex is held across
/// fork(2) (pthread_atfork), so no socket is half-opened when a child is made.
class ClientSockets {
 public:
  static int open(int domain, int type) {
    static std::once_flag registered;
    std::call_once(registered, [] { ::pthread_atfork(lock, unlock, close_all_in_child); });
    std::lock_guard guard(mutex());
    int fd = ::socket(domain, type | SOCK_CLOEXEC, 0);
    if (fd < 0) throw SystemError("client socket", errno);
    fds().push_back(fd);
    return fd;
  }
  static void close(int fd) {
    std::lock_guard guard(mutex());
    std::erase(fds(), fd);
    ::close(fd);
  }

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static std::vector<int>& fds() {
    static std::vector<int> v;
    return v;
  }
  static void lock() { mutex().lock(); }
  static void unlock() { mutex().unlock(); }
  static void close_all_in_child() {
    for (int fd : fds()) ::close(fd);
    mutex().unlock();
  }
};

sockaddr_un unix_address(const std::string& path) {
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::memcpy(sun.sun_path, path.data(), std::min(path.size(), sizeof sun.sun_path - 1));
  return sun;
}

int connect_ip(const Endpoint& ep, int type) {
  addrinfo hints{};
  hints.ai_socktype = type;
  addrinfo* found = nullptr;
  std::string port = std::to_string(ep.port);
  if (::getaddrinfo(ep.host.c_str(), port.c_str(), &hints, &found) != 0)
    throw Error("cannot resolve " + ep.host);
  int fd = ClientSockets::open(found->ai_family, type);
  int rc = ::connect(fd, found->ai_addr, found->ai_addrlen);
  ::freeaddrinfo(found);
  if (rc < 0) {
    int e = errno;
    ClientSockets::close(fd);
    throw SystemError("connect to " + ep.to_string(), e);
  }
  return fd;
}

std::filesystem::path unique_client_path() {
  static std::atomic<int> counter{0};
  return std::filesystem::temp_directory_path() /
         ("sockserv-testclient-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
}

}  // namespace

TestClient::TestClient(const Endpoint& ep, std::chrono::milliseconds timeout)
    : stream_(is_stream(ep.transport)), timeout_(timeout) {
  int type = stream_ ? SOCK_STREAM : SOCK_DGRAM;
  if (ep.transport == Transport::tcp || ep.transport == Transport::udp) {
    fd_ = connect_ip(ep, type);
  } else {
    fd_ = ClientSockets::open(AF_UNIX, type);
    if (!stream_) {  // a datagram reply needs an address to come back to
      own_path_ = unique_client_path();
      auto own = unix_address(own_path_);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&own), sizeof own) < 0)
        throw SystemError("bind client socket", errno);
    }
    auto sun = unix_address(ep.path);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0)
      throw SystemError("connect to " + ep.to_string(), errno);
  }
  auto ms = timeout_.count();
  timeval tv{ms / 1000, (ms % 1000) * 1000};
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

TestClient::~TestClient() {
  if (fd_ >= 0) ClientSockets::close(fd_);
  if (!own_path_.empty()) ::unlink(own_path_.c_str());
}

TestClient::TestClient(TestClient&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)),
      stream_(o.stream_),
      timeout_(o.timeout_),
      own_path_(std::exchange(o.own_path_, {})) {}

void TestClient::send(const std::string& data) {
  std::size_t done = 0;
  do {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0) throw SystemError("test client send", errno);
    done += std::size_t(n);
  } while (done < data.size());
}

bool TestClient::wait_readable() {
  pollfd p{fd_, POLLIN, 0};
  return ::poll(&p, 1, int(timeout_.count())) == 1;
}

std::string TestClient::receive(std::size_t n) {
  std::string out;
  if (!stream_) {
    if (!wait_readable()) return out;
    out.resize(65536);
    ssize_t got = ::recv(fd_, out.data(), out.size(), 0);
    out.resize(got > 0 ? std::size_t(got) : 0);
    return out;
  }
  while (out.size() < n && wait_readable()) {
    char buf[16384];
    ssize_t got = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
    if (got <= 0) break;
    out.append(buf, std::size_t(got));
  }
  return out;
}

std::string TestClient::receive_line() {
  std::string out;
  char c;
  while (wait_readable() && ::recv(fd_, &c, 1, 0) == 1) {
    out.push_back(c);
    if (c == '\n') break;
  }
  return out;
}

std::string TestClient::receive_all() {
  std::string out;
  char buf[16384];
  ssize_t got;
  while (wait_readable() && (got = ::recv(fd_, buf, sizeof buf, 0)) > 0)
    out.append(buf, std::size_t(got));
  return out;
}

bool TestClient::wait_closed() {
  char buf[4096];
  while (wait_readable()) {
    ssize_t got = ::recv(fd_, buf, sizeof buf, 0);
    if (got == 0 || (got < 0 && errno == ECONNRESET)) return true;
  }
  return false;
}

void TestClient::close_write() { ::shutdown(fd_, SHUT_WR); }

}  // namespace sockserv::testing
