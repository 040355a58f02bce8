// Idle connections: opens --connections connections (at most --concurrency connecting at
// once), writes --ready-file when they are all open, holds them --hold seconds, then does
// one round trip on every one at once and counts how many answered within --timeout.
#include "modes.hpp"
#include "net.hpp"
#include "poller.hpp"
#include "report.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

namespace bench {

namespace {

enum class State { connecting, idle, asked, answered, failed };

struct Peer {
  int fd = -1;
  State state = State::connecting;
  std::size_t received = 0;
};

class IdleRun {
 public:
  explicit IdleRun(const Args& args)
      : address_(make_address(args.text("host"), static_cast<std::uint16_t>(args.count("port")))),
        message_(make_message(args.count("size"))),
        scratch_(64 * 1024),
        peers_(args.count("connections")),
        concurrency_(std::max<std::uint64_t>(args.count("concurrency"), 1)),
        hold_(args.seconds("hold")),
        timeout_(args.seconds("timeout")),
        ready_file_(args.text("ready-file")) {}

  int run(Report& report) {
    auto start = Clock::now();
    open_all();
    double open_s = std::chrono::duration<double>(Clock::now() - start).count();
    std::uint64_t opened = count(State::idle);
    if (!ready_file_.empty()) std::ofstream(ready_file_) << opened << "\n";
    hold();
    std::uint64_t dropped = opened - count(State::idle);
    ask_all();
    report.add("connections", std::uint64_t{peers_.size()})
        .add("size", std::uint64_t{message_.size()})
        .add("open_s", open_s)
        .add("opened", opened)
        .add("dropped_while_idle", dropped)
        .add("answered", count(State::answered))
        .add("errors", peers_.size() - count(State::answered))
        .add_latency(latency_);
    for (auto& p : peers_)
      if (p.fd >= 0) close(p.fd);
    return count(State::answered) == peers_.size() ? 0 : 1;
  }

 private:
  std::uint64_t count(State s) const {
    std::uint64_t n = 0;
    for (const auto& p : peers_) n += p.state == s;
    return n;
  }

  void open_all() {
    std::size_t started = 0, pending = 0;
    auto deadline = Clock::now() + std::chrono::duration<double>(timeout_ + 60);
    while ((started < peers_.size() || pending > 0) && Clock::now() < deadline) {
      for (; started < peers_.size() && pending < concurrency_; ++started, ++pending)
        start_connect(started);
      for (const auto& e : poller_.wait(10)) {
        Peer& p = peers_[e.data.u64];
        if (p.state != State::connecting) continue;
        int error = 0;
        socklen_t len = sizeof error;
        getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &len);
        --pending;
        if (error) {
          drop(p);
          continue;
        }
        p.state = State::idle;
        poller_.modify(p.fd, EPOLLIN, e.data.u64);  // from now on, watch for a close
      }
    }
  }

  // Closes a connection that failed, so level-triggered epoll stops reporting it.
  void drop(Peer& p) {
    close(p.fd);
    p.fd = -1;
    p.state = State::failed;
  }

  void start_connect(std::size_t i) {
    Peer& p = peers_[i];
    p.fd = socket(address_.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (p.fd < 0) die("socket (raise ulimit -n?)");
    set_nodelay(p.fd);
    if (connect(p.fd, address_.get(), address_.length) < 0 && errno != EINPROGRESS)
      die("connect");
    poller_.add(p.fd, EPOLLOUT, i);
  }

  // Sleeps in epoll: a connection the server closes or writes to meanwhile is marked failed.
  void hold() {
    auto until = Clock::now() + std::chrono::duration<double>(hold_);
    while (Clock::now() < until) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
      for (const auto& e : poller_.wait(static_cast<int>(left.count()) + 1))
        drop(peers_[e.data.u64]);
    }
  }

  void ask_all() {
    auto started = Clock::now();
    for (auto& p : peers_) {
      if (p.state != State::idle) continue;
      bool sent = send(p.fd, message_.data(), message_.size(), MSG_NOSIGNAL) ==
                  static_cast<ssize_t>(message_.size());
      if (sent) p.state = State::asked;
      else drop(p);
    }
    auto deadline = started + std::chrono::duration<double>(timeout_);
    while (count(State::asked) > 0 && Clock::now() < deadline)
      for (const auto& e : poller_.wait(10)) read_answer(e.data.u64, started);
  }

  void read_answer(std::size_t i, Clock::time_point asked_at) {
    Peer& p = peers_[i];
    if (p.state != State::asked) return;
    ssize_t n = recv(p.fd, scratch_.data(), scratch_.size(), 0);
    if (n < 0 && errno == EAGAIN) return;
    auto got = static_cast<std::size_t>(n);
    if (n <= 0 || p.received + got > message_.size() ||
        std::memcmp(scratch_.data(), message_.data() + p.received, got) != 0)
      return drop(p);
    p.received += got;
    if (p.received < message_.size()) return;
    p.state = State::answered;
    latency_.record(nanos(asked_at, Clock::now()));
  }

  Address address_;
  std::string message_;
  std::vector<char> scratch_;
  std::vector<Peer> peers_;
  Poller poller_;
  Histogram latency_;
  std::size_t concurrency_;
  double hold_, timeout_;
  std::string ready_file_;
};

}  // namespace

int run_idle(const Args& args) {
  Report report("idle");
  int status = IdleRun(args).run(report);
  report.add_own_cpu();
  std::printf("%s\n", report.str().c_str());
  return status;
}

}  // namespace bench
