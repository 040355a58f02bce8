// The bounded-rate refusal log, on an injected clock: at most one line per interval per
// reason, and the next line says how many were left out.
#include "core/rate_limiter.hpp"
#include "support/recording_logger.hpp"

#include <gtest/gtest.h>

namespace sockserv::core {
namespace {

using namespace std::chrono_literals;

/// A clock the test moves by hand.
struct FakeClock {
  Clock::time_point now = Clock::time_point(100h);
  RateLimiter::Now source() {
    return [this] { return now; };
  }
};

TEST(RateLimiter, LetsTheFirstEventThrough) {
  FakeClock clock;
  RateLimiter limiter(1s, clock.source());
  EXPECT_EQ(limiter.admit(), std::optional<std::uint64_t>(0));
}

TEST(RateLimiter, SuppressesUntilTheIntervalHasPassedThenCountsThem) {
  FakeClock clock;
  RateLimiter limiter(1s, clock.source());
  ASSERT_TRUE(limiter.admit());
  for (int i = 0; i < 99; ++i) {
    clock.now += 5ms;
    EXPECT_FALSE(limiter.admit()) << i;
  }
  clock.now += 505ms;  // exactly 1s after the first
  EXPECT_EQ(limiter.admit(), std::optional<std::uint64_t>(99));
  EXPECT_FALSE(limiter.admit());
  clock.now += 10s;
  EXPECT_EQ(limiter.admit(), std::optional<std::uint64_t>(1));
  clock.now += 10s;
  EXPECT_EQ(limiter.admit(), std::optional<std::uint64_t>(0));
}

TEST(RateLimiter, MeasuresTheIntervalFromTheLastEventLetThrough) {
  FakeClock clock;
  RateLimiter limiter(1s, clock.source());
  ASSERT_TRUE(limiter.admit());
  clock.now += 900ms;
  EXPECT_FALSE(limiter.admit());
  clock.now += 200ms;  // 1.1s after the first, 200ms after the suppressed one
  EXPECT_TRUE(limiter.admit());
  clock.now += 999ms;
  EXPECT_FALSE(limiter.admit());
}

TEST(RateLimiter, ZeroIntervalLetsEverythingThrough) {
  FakeClock clock;
  RateLimiter limiter(0s, clock.source());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.admit(), std::optional<std::uint64_t>(0));
}

TEST(RateLimiter, IntervalCanBeChangedBeforeUse) {
  FakeClock clock;
  RateLimiter limiter(1s, clock.source());
  limiter.set_interval(10ms);
  ASSERT_TRUE(limiter.admit());
  clock.now += 10ms;
  EXPECT_TRUE(limiter.admit());
}

TEST(RefusalLog, WritesOneLinePerIntervalPerReasonWithTheSuppressedCount) {
  FakeClock clock;
  RefusalLog refusals(1s, clock.source());
  test::RecordingLogger log;
  int built = 0;
  auto message = [&] {
    ++built;
    return std::string("refused a connection from 10.0.0.1:5");
  };
  for (int i = 0; i < 100; ++i) refusals.refused(log, Refusal::access, LogLevel::info, message);
  // Another reason has its own budget.
  refusals.refused(log, Refusal::overload, LogLevel::warn, [] { return std::string("overload"); });
  EXPECT_EQ(log.count(LogLevel::info, "refused a connection"), 1u) << log.dump();
  EXPECT_EQ(log.count(LogLevel::warn, "overload"), 1u);
  EXPECT_EQ(built, 1) << "a suppressed line must not be built";
  clock.now += 1s;
  refusals.refused(log, Refusal::access, LogLevel::info, message);
  EXPECT_EQ(log.count(LogLevel::info, "refused a connection from 10.0.0.1:5 (99 more suppressed)"),
            1u) << log.dump();
  EXPECT_EQ(log.count(LogLevel::info, "refused"), 2u);
}

TEST(RefusalLog, DisabledLevelsCostNothingAndCountNothing) {
  FakeClock clock;
  RefusalLog refusals(1s, clock.source());
  test::RecordingLogger log;  // debug and above
  refusals.refused(log, Refusal::plugin, LogLevel::trace, [] { return std::string("hidden"); });
  refusals.refused(log, Refusal::plugin, LogLevel::debug, [] { return std::string("shown"); });
  EXPECT_EQ(log.count(LogLevel::debug, "shown"), 1u) << log.dump();
  EXPECT_EQ(log.count(LogLevel::debug, "suppressed"), 0u);
}

}  // namespace
}  // namespace sockserv::core
