#pragma once
// Bounded-rate logging: a flood of refused connections must not flood the log.

#include <sockserv/log.hpp>
#include <sockserv/time.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace sockserv::core {

/// Lets at most one event per interval through and counts the rest. Thread-safe.
class RateLimiter {
 public:
  /// The clock it reads; tests inject their own.
  using Now = std::function<Clock::time_point()>;

  /// One event per `interval` (zero: every event); time from `now`.
  explicit RateLimiter(Duration interval, Now now = [] { return Clock::now(); });

  /// nullopt if this event is suppressed. Otherwise it passes, and the value is how many
  /// were suppressed since the previous one that passed.
  std::optional<std::uint64_t> admit();
  /// Changes the interval (before use).
  void set_interval(Duration interval);

 private:
  std::mutex mutex_;
  Duration interval_;
  Now now_;
  bool passed_any_ = false;
  Clock::time_point last_{};
  std::uint64_t suppressed_ = 0;
};

/// Why a connection or datagram was refused: each reason is rate-limited on its own.
enum class Refusal { access, per_source, overload, plugin, plugin_error, count };

/// A server's refusal lines, at most one per interval per reason. A line that follows
/// suppressed ones ends with "(N more suppressed)".
class RefusalLog {
 public:
  /// One line per reason per `interval`; time from `now`.
  explicit RefusalLog(Duration interval, RateLimiter::Now now = [] { return Clock::now(); });

  /// Writes `message()` at `level` to `log` unless `reason` was logged less than the
  /// interval ago; the message is built only if written.
  template <class Message>
  void refused(Logger& log, Refusal reason, LogLevel level, Message&& message) {
    if (!log.enabled(level)) return;
    auto suppressed = limiters_[std::size_t(reason)].admit();
    if (!suppressed) return;
    std::string line = message();
    if (*suppressed > 0) line += " (" + std::to_string(*suppressed) + " more suppressed)";
    log.log(level, line);
  }
  /// Changes the interval (before use).
  void set_interval(Duration interval);

 private:
  std::array<RateLimiter, std::size_t(Refusal::count)> limiters_;
};

}  // namespace sockserv::core
