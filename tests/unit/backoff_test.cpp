// The supervisor's restart delay: doubling from 100 ms to 30 s, reset by a good run.
#include "launcher/backoff.hpp"

#include <gtest/gtest.h>

namespace sockserv::launcher {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, DoublesFromTheFirstDelayUpToTheLongest) {
  Backoff b;
  std::vector<Duration> got;
  for (int i = 0; i < 12; ++i) got.push_back(b.after_exit(0s));
  std::vector<Duration> want{100ms,  200ms,   400ms,   800ms, 1600ms, 3200ms,
                             6400ms, 12800ms, 25600ms, 30s,   30s,    30s};
  EXPECT_EQ(got, want);
}

TEST(Backoff, AProcessThatStayedUpLongEnoughRestartsAtOnce) {
  Backoff b;
  for (int i = 0; i < 5; ++i) b.after_exit(1s);
  EXPECT_EQ(b.after_exit(10s), 100ms) << "10 s up resets the delay";
  EXPECT_EQ(b.after_exit(9s), 200ms) << "and it doubles again from there";
}

TEST(Backoff, AShortRunDoesNotReset) {
  Backoff b;
  b.after_exit(0s);
  EXPECT_EQ(b.after_exit(9999ms), 200ms);
}

TEST(Backoff, AFailedStartCountsAsAnImmediateDeath) {
  Backoff b;
  EXPECT_EQ(b.after_failed_start(), 100ms);
  EXPECT_EQ(b.after_failed_start(), 200ms);
}

TEST(Backoff, CustomBounds) {
  Backoff b(10ms, 25ms, 1s);
  EXPECT_EQ(b.after_exit(0s), 10ms);
  EXPECT_EQ(b.after_exit(0s), 20ms);
  EXPECT_EQ(b.after_exit(0s), 25ms);
  EXPECT_EQ(b.after_exit(0s), 25ms);
  EXPECT_EQ(b.after_exit(1s), 10ms);
}

}  // namespace
}  // namespace sockserv::launcher
