// The epoll echo reference: one thread, level-triggered epoll, TCP and UDP on one port.
// It does only what an echo server must (read, write back, keep what the socket would not
// take until it drains), so its CPU per message is the practical one-core limit.
#include "args.hpp"
#include "net.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>
#include <unordered_map>

namespace {

using bench::die;

/// Bytes the peer's socket would not take yet; reading stops until they are written.
using Pending = std::unordered_map<int, std::string>;

char buffer[64 * 1024];

void watch(int epoll, int op, int fd, std::uint32_t events) {
  epoll_event e{events, {}};
  e.data.fd = fd;
  if (epoll_ctl(epoll, op, fd, &e) < 0) die("epoll_ctl");
}

void accept_all(int epoll, int listener) {
  for (int fd; (fd = accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
    bench::set_nodelay(fd);
    watch(epoll, EPOLL_CTL_ADD, fd, EPOLLIN);
  }
}

void drop(Pending& pending, int fd) {
  pending.erase(fd);
  close(fd);  // also leaves the epoll set
}

// Writes what is pending; true once nothing is.
bool flush(int fd, std::string& out) {
  while (!out.empty()) {
    ssize_t n = send(fd, out.data(), out.size(), MSG_NOSIGNAL);
    if (n < 0) return false;
    out.erase(0, static_cast<std::size_t>(n));
  }
  return true;
}

void on_stream(int epoll, Pending& pending, int fd, std::uint32_t events) {
  if (events & EPOLLOUT) {
    std::string& out = pending[fd];
    if (!flush(fd, out) && errno != EAGAIN) return drop(pending, fd);
    if (out.empty()) watch(epoll, EPOLL_CTL_MOD, fd, EPOLLIN);
    return;
  }
  ssize_t n = recv(fd, buffer, sizeof buffer, 0);
  if (n < 0 && errno == EAGAIN) return;
  if (n <= 0) return drop(pending, fd);
  ssize_t sent = send(fd, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL);
  if (sent < 0 && errno != EAGAIN) return drop(pending, fd);
  if (sent == n) return;
  pending[fd].assign(buffer + std::max<ssize_t>(sent, 0), buffer + n);
  watch(epoll, EPOLL_CTL_MOD, fd, EPOLLOUT);
}

void on_datagrams(int udp) {
  sockaddr_storage peer{};
  for (;;) {
    socklen_t len = sizeof peer;
    ssize_t n = recvfrom(udp, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&peer), &len);
    if (n < 0) return;
    sendto(udp, buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&peer), len);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    bench::Args args(argc, argv, 1, {{"host", "127.0.0.1"}, {"port", "0"}});
    auto host = args.text("host");
    int tcp = bench::bind_socket(bench::make_address(host, args.count("port")), SOCK_STREAM);
    std::uint16_t port = bench::local_port(tcp);
    int udp = bench::bind_socket(bench::make_address(host, port), SOCK_DGRAM);
    int epoll = epoll_create1(EPOLL_CLOEXEC);
    watch(epoll, EPOLL_CTL_ADD, tcp, EPOLLIN);
    watch(epoll, EPOLL_CTL_ADD, udp, EPOLLIN);
    std::printf("listening on tcp and udp port %u\n", port);
    std::fflush(stdout);
    Pending pending;
    epoll_event events[256];
    for (;;) {
      int n = epoll_wait(epoll, events, 256, -1);
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == tcp) accept_all(epoll, tcp);
        else if (fd == udp) on_datagrams(udp);
        else on_stream(epoll, pending, fd, events[i].events);
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sockserv-ref-echo: %s\n", e.what());
    return 2;
  }
}
