#pragma once
// The few epoll calls every load mode makes, and the run's clock and bound.

#include <sys/epoll.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

/// Nanoseconds between two instants.
inline std::uint64_t nanos(Clock::time_point from, Clock::time_point to) {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count());
}

/// A level-triggered epoll set; each registration carries a 64-bit tag (a slot index).
class Poller {
 public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  void add(int fd, std::uint32_t events, std::uint64_t tag);
  void modify(int fd, std::uint32_t events, std::uint64_t tag);
  /// Waits at most `timeout_ms` (-1: forever); returns the ready events.
  const std::vector<epoll_event>& wait(int timeout_ms);

 private:
  int fd_;
  std::vector<epoll_event> ready_;
};

/// When a run stops issuing messages: after `duration` seconds, or after `count` messages
/// (0: no count bound). Whichever comes first.
class Bound {
 public:
  Bound(double duration, std::uint64_t count);
  /// True if message number `issued` (0-based) may still be sent.
  bool more(std::uint64_t issued) const;
  /// The instant issuing stops at the latest.
  Clock::time_point stop_at() const { return stop_at_; }

 private:
  std::uint64_t count_;
  Clock::time_point stop_at_;
};

/// `size` bytes of a recognisable pattern (so an echo of the wrong bytes is noticed).
std::string make_message(std::size_t size);

}  // namespace bench
