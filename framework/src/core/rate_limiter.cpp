#include "core/rate_limiter.hpp"

#include <utility>

namespace sockserv::core {

RateLimiter::RateLimiter(Duration interval, Now now) : interval_(interval), now_(std::move(now)) {}

std::optional<std::uint64_t> RateLimiter::admit() {
  Clock::time_point now = now_();
  std::lock_guard lock(mutex_);
  if (passed_any_ && now - last_ < interval_) {
    ++suppressed_;
    return std::nullopt;
  }
  passed_any_ = true;
  last_ = now;
  return std::exchange(suppressed_, 0);
}

void RateLimiter::set_interval(Duration interval) {
  std::lock_guard lock(mutex_);
  interval_ = interval;
}

RefusalLog::RefusalLog(Duration interval, RateLimiter::Now now)
    : limiters_{RateLimiter(interval, now), RateLimiter(interval, now), RateLimiter(interval, now),
                RateLimiter(interval, now), RateLimiter(interval, now)} {
  static_assert(std::size_t(Refusal::count) == 5, "one limiter per reason");
}

void RefusalLog::set_interval(Duration interval) {
  for (auto& limiter : limiters_) limiter.set_interval(interval);
}

}  // namespace sockserv::core
