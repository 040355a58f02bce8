// UDP ping-pong: each client socket sends a datagram carrying a sequence number and waits
// for it to come back. A datagram unanswered after --timeout is counted lost and the next
// one is sent; a late answer (an older sequence number) is ignored.
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

struct Client {
  int fd = -1;
  std::uint64_t sequence = 0;
  Clock::time_point sent_at;
  bool waiting = false;
};

class UdpRun {
 public:
  explicit UdpRun(const Args& args)
      : address_(make_address(args.text("host"), static_cast<std::uint16_t>(args.count("port")))),
        message_(make_message(std::max<std::uint64_t>(args.count("size"), 8))),
        scratch_(64 * 1024),
        bound_(args.seconds("duration"), args.count("count")),
        timeout_(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(args.seconds("timeout")))),
        clients_(args.count("connections")) {}

  int run(Report& report) {
    auto start = Clock::now();
    for (std::size_t i = 0; i < clients_.size(); ++i) open(i);
    for (std::size_t i = 0; i < clients_.size(); ++i) next(i);
    while (busy_ > 0) {
      for (const auto& e : poller_.wait(10)) receive(e.data.u64);
      expire(Clock::now());
    }
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    report.add("connections", std::uint64_t{clients_.size()})
        .add("size", std::uint64_t{message_.size()})
        .add("elapsed_s", elapsed)
        .add("messages", messages_)
        .add("errors", lost_)
        .add("late", late_)
        .add("rate", static_cast<double>(messages_) / elapsed)
        .add_latency(latency_);
    for (auto& c : clients_) close(c.fd);
    return lost_ == 0 ? 0 : 1;
  }

 private:
  void open(std::size_t i) {
    int fd = socket(address_.family(), SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    if (connect(fd, address_.get(), address_.length) < 0) die("connect");
    clients_[i].fd = fd;
    poller_.add(fd, EPOLLIN, i);
  }

  void next(std::size_t i) {
    Client& c = clients_[i];
    c.waiting = false;
    if (!bound_.more(issued_)) return;
    ++issued_;
    c.sequence = issued_;
    std::memcpy(message_.data(), &c.sequence, sizeof c.sequence);
    c.sent_at = Clock::now();
    c.waiting = true;
    ++busy_;
    // A refused or full send is a lost datagram: expire() counts it after the timeout.
    send(c.fd, message_.data(), message_.size(), 0);
  }

  void receive(std::size_t i) {
    Client& c = clients_[i];
    ssize_t n = recv(c.fd, scratch_.data(), scratch_.size(), 0);
    if (n < 0) return;  // EAGAIN, or ECONNREFUSED from an earlier datagram: wait it out
    std::uint64_t sequence = 0;
    std::memcpy(&sequence, scratch_.data(), std::min<std::size_t>(sizeof sequence, n));
    if (!c.waiting || sequence != c.sequence || static_cast<std::size_t>(n) != message_.size()) {
      ++late_;
      return;
    }
    latency_.record(nanos(c.sent_at, Clock::now()));
    ++messages_;
    --busy_;
    next(i);
  }

  void expire(Clock::time_point now) {
    for (std::size_t i = 0; i < clients_.size(); ++i) {
      if (!clients_[i].waiting || now - clients_[i].sent_at < timeout_) continue;
      ++lost_;
      --busy_;
      next(i);
    }
  }

  Address address_;
  std::string message_;
  std::vector<char> scratch_;
  Bound bound_;
  Clock::duration timeout_;
  std::vector<Client> clients_;
  Poller poller_;
  Histogram latency_;
  std::uint64_t issued_ = 0, busy_ = 0, messages_ = 0, lost_ = 0, late_ = 0;
};

}  // namespace

int run_udp(const Args& args) {
  Report report("udp");
  int status = UdpRun(args).run(report);
  report.add_own_cpu();
  std::printf("%s\n", report.str().c_str());
  return status;
}

}  // namespace bench
