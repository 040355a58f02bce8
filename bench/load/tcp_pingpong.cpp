// TCP ping-pong: each connection sends a message, waits for all of it to come back, and
// sends the next, until the bound; latency is from the first byte sent to the last read.
#include "modes.hpp"
#include "net.hpp"
#include "poller.hpp"
#include "report.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace bench {

namespace {

struct Connection {
  int fd = -1;
  std::size_t sent = 0;      // bytes of the current message written
  std::size_t received = 0;  // bytes of it read back
  Clock::time_point started;
  bool waiting = false;      // a message is in flight
};

class TcpRun {
 public:
  explicit TcpRun(const Args& args)
      : address_(make_address(args.text("host"), static_cast<std::uint16_t>(args.count("port")))),
        message_(make_message(args.count("size"))),
        scratch_(std::max<std::size_t>(message_.size(), 64 * 1024)),
        bound_(args.seconds("duration"), args.count("count")),
        give_up_(bound_.stop_at() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(args.seconds("timeout")))),
        connections_(args.count("connections")) {}

  int run(Report& report) {
    auto start = Clock::now();
    for (std::size_t i = 0; i < connections_.size(); ++i) open(i);
    for (std::size_t i = 0; i < connections_.size(); ++i) next(i);
    while (busy_ > 0 && Clock::now() < give_up_)
      for (const auto& e : poller_.wait(10)) on_event(e.data.u64, e.events);
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::uint64_t errors = errors_ + busy_;  // still in flight at give_up_: unanswered
    report.add("connections", std::uint64_t{connections_.size()})
        .add("size", std::uint64_t{message_.size()})
        .add("elapsed_s", elapsed)
        .add("messages", messages_)
        .add("errors", errors)
        .add("rate", static_cast<double>(messages_) / elapsed)
        .add_latency(latency_);
    for (auto& c : connections_) close(c.fd);
    return errors == 0 ? 0 : 1;
  }

 private:
  void open(std::size_t i) {
    int fd = socket(address_.family(), SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    if (connect(fd, address_.get(), address_.length) < 0) die("connect");
    set_nonblocking(fd);
    set_nodelay(fd);
    connections_[i].fd = fd;
    poller_.add(fd, EPOLLIN, i);
  }

  // Starts the next message on connection i if the bound allows.
  void next(std::size_t i) {
    Connection& c = connections_[i];
    if (!bound_.more(issued_)) return;
    ++issued_;
    ++busy_;
    c.sent = c.received = 0;
    c.waiting = true;
    c.started = Clock::now();
    send_more(i);
  }

  void send_more(std::size_t i) {
    Connection& c = connections_[i];
    while (c.sent < message_.size()) {
      ssize_t n = send(c.fd, message_.data() + c.sent, message_.size() - c.sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EAGAIN) break;
      if (n < 0) return fail(i);
      c.sent += static_cast<std::size_t>(n);
    }
    poller_.modify(c.fd, c.sent < message_.size() ? EPOLLIN | EPOLLOUT : EPOLLIN, i);
  }

  void on_event(std::size_t i, std::uint32_t events) {
    Connection& c = connections_[i];
    if (c.fd < 0) return;
    if (events & EPOLLOUT) send_more(i);
    if (c.fd >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) receive(i);
  }

  void receive(std::size_t i) {
    Connection& c = connections_[i];
    ssize_t n = recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n < 0 && errno == EAGAIN) return;
    auto got = static_cast<std::size_t>(n);
    if (n <= 0 || !c.waiting || c.received + got > c.sent ||
        std::memcmp(scratch_.data(), message_.data() + c.received, got) != 0)
      return fail(i);  // closed, an error, or bytes that were never sent
    c.received += got;
    if (c.received < message_.size()) return;
    latency_.record(nanos(c.started, Clock::now()));
    ++messages_;
    --busy_;
    c.waiting = false;
    next(i);
  }

  void fail(std::size_t i) {
    Connection& c = connections_[i];
    ++errors_;
    if (c.waiting) --busy_;
    c.waiting = false;
    close(c.fd);
    c.fd = -1;
  }

  Address address_;
  std::string message_;
  std::vector<char> scratch_;
  Bound bound_;
  Clock::time_point give_up_;
  std::vector<Connection> connections_;
  Poller poller_;
  Histogram latency_;
  std::uint64_t issued_ = 0, busy_ = 0, messages_ = 0, errors_ = 0;
};

}  // namespace

int run_tcp(const Args& args) {
  Report report("tcp");
  int status = TcpRun(args).run(report);
  report.add_own_cpu();
  std::printf("%s\n", report.str().c_str());
  return status;
}

}  // namespace bench
