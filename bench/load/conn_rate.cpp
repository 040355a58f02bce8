// Connection rate: --connections slots, each repeatedly connects (non-blocking), sends one
// message, reads it back and closes. Latency is from socket() to the echo's last byte.
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

struct Slot {
  int fd = -1;
  std::size_t received = 0;
  Clock::time_point started;
  bool connected = false;
};

class ConnRateRun {
 public:
  explicit ConnRateRun(const Args& args)
      : address_(make_address(args.text("host"), static_cast<std::uint16_t>(args.count("port")))),
        message_(make_message(args.count("size"))),
        scratch_(std::max<std::size_t>(message_.size(), 4096)),
        bound_(args.seconds("duration"), args.count("count")),
        give_up_(bound_.stop_at() + std::chrono::duration_cast<Clock::duration>(
                                        std::chrono::duration<double>(args.seconds("timeout")))),
        slots_(args.count("connections")) {}

  int run(Report& report) {
    auto start = Clock::now();
    for (std::size_t i = 0; i < slots_.size(); ++i) next(i);
    while (busy_ > 0 && Clock::now() < give_up_)
      for (const auto& e : poller_.wait(10)) on_event(e.data.u64, e.events);
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    std::uint64_t errors = errors_ + busy_;
    report.add("connections", std::uint64_t{slots_.size()})
        .add("size", std::uint64_t{message_.size()})
        .add("elapsed_s", elapsed)
        .add("messages", done_)
        .add("errors", errors)
        .add("rate", static_cast<double>(done_) / elapsed)
        .add_latency(latency_);
    for (auto& s : slots_)
      if (s.fd >= 0) close(s.fd);
    return errors == 0 ? 0 : 1;
  }

 private:
  void next(std::size_t i) {
    Slot& s = slots_[i];
    if (!bound_.more(issued_)) return;
    ++issued_;
    ++busy_;
    s = Slot{};
    s.started = Clock::now();
    s.fd = socket(address_.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd < 0) die("socket");
    set_nodelay(s.fd);
    if (connect(s.fd, address_.get(), address_.length) < 0 && errno != EINPROGRESS) {
      ++errors_;  // refused at once: this slot stops rather than spin
      --busy_;
      close(s.fd);
      s.fd = -1;
      return;
    }
    poller_.add(s.fd, EPOLLOUT, i);
  }

  void on_event(std::size_t i, std::uint32_t events) {
    Slot& s = slots_[i];
    if (s.fd < 0) return;
    if (!s.connected) return on_connected(i, events);
    ssize_t n = recv(s.fd, scratch_.data(), scratch_.size(), 0);
    if (n < 0 && errno == EAGAIN) return;
    auto got = static_cast<std::size_t>(n);
    if (n <= 0 || s.received + got > message_.size() ||
        std::memcmp(scratch_.data(), message_.data() + s.received, got) != 0)
      return fail(i);
    s.received += got;
    if (s.received < message_.size()) return;
    latency_.record(nanos(s.started, Clock::now()));
    close(s.fd);
    s.fd = -1;
    ++done_;
    --busy_;
    next(i);
  }

  // The connect finished: check how, then send the whole message (it fits the buffer).
  void on_connected(std::size_t i, std::uint32_t events) {
    Slot& s = slots_[i];
    int error = 0;
    socklen_t len = sizeof error;
    getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &error, &len);
    if (error || (events & EPOLLERR)) return fail(i);
    s.connected = true;
    if (send(s.fd, message_.data(), message_.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(message_.size()))
      return fail(i);
    poller_.modify(s.fd, EPOLLIN, i);
  }

  void fail(std::size_t i) {
    Slot& s = slots_[i];
    ++errors_;
    --busy_;
    if (s.fd >= 0) close(s.fd);
    s.fd = -1;
    next(i);
  }

  Address address_;
  std::string message_;
  std::vector<char> scratch_;
  Bound bound_;
  Clock::time_point give_up_;
  std::vector<Slot> slots_;
  Poller poller_;
  Histogram latency_;
  std::uint64_t issued_ = 0, busy_ = 0, done_ = 0, errors_ = 0;
};

}  // namespace

int run_connrate(const Args& args) {
  Report report("connrate");
  int status = ConnRateRun(args).run(report);
  report.add_own_cpu();
  std::printf("%s\n", report.str().c_str());
  return status;
}

}  // namespace bench
