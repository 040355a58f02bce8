// Channel and Event between plain threads: the cases a fiber test cannot show.
#include <sockserv/channel.hpp>
#include <sockserv/event.hpp>

#include <gtest/gtest.h>

#include <numeric>
#include <thread>
#include <vector>

namespace sockserv {
namespace {

TEST(Channel, CarriesEveryValueFromManyProducersToManyConsumers) {
  Channel<int> ch(4);
  const int per_producer = 5000;
  std::vector<std::thread> producers;
  for (int p = 0; p < 3; ++p)
    producers.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i) ASSERT_TRUE(ch.push(p * per_producer + i));
    });
  std::vector<long long> sums(2, 0);
  std::vector<std::thread> consumers;
  for (int c = 0; c < 2; ++c)
    consumers.emplace_back([&, c] {
      while (auto v = ch.pop()) sums[std::size_t(c)] += *v;
    });
  for (auto& t : producers) t.join();
  ch.close();
  for (auto& t : consumers) t.join();
  long long n = 3LL * per_producer;
  EXPECT_EQ(sums[0] + sums[1], n * (n - 1) / 2);
}

TEST(Channel, CloseLetsPoppersDrainThenEnds) {
  Channel<std::string> ch(2);
  ASSERT_TRUE(ch.push("a"));
  ch.close();
  EXPECT_FALSE(ch.push("b")) << "a closed channel refuses pushes";
  EXPECT_EQ(ch.pop(), "a");
  EXPECT_EQ(ch.pop(), std::nullopt);
}

TEST(Channel, CloseWakesABlockedPusher) {
  Channel<int> ch(1);
  ASSERT_TRUE(ch.push(1));
  std::thread pusher([&] { EXPECT_FALSE(ch.push(2)); });
  ch.close();
  pusher.join();
}

TEST(Channel, TryPushAndTryPopNeverBlock) {
  Channel<int> ch(1);
  EXPECT_EQ(ch.try_pop(), std::nullopt);
  EXPECT_TRUE(ch.try_push(7));
  EXPECT_FALSE(ch.try_push(8)) << "full";
  EXPECT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch.try_pop(), 7);
}

TEST(Channel, TimedOperationsGiveUp) {
  Channel<int> ch(1);
  EXPECT_EQ(ch.pop(std::chrono::milliseconds(5)), std::nullopt);
  ASSERT_TRUE(ch.push(1));
  EXPECT_FALSE(ch.push(2, std::chrono::milliseconds(5)));
}

TEST(Channel, ZeroCapacityIsRefused) { EXPECT_THROW(Channel<int>(0), std::invalid_argument); }

TEST(Event, SetFromAnotherThreadWakesEveryWaiter) {
  Event e;
  std::vector<std::thread> waiters;
  std::atomic<int> woken{0};
  for (int i = 0; i < 4; ++i)
    waiters.emplace_back([&] {
      if (e.wait(std::chrono::seconds(10))) ++woken;
    });
  e.set();
  for (auto& t : waiters) t.join();
  EXPECT_EQ(woken.load(), 4);
  EXPECT_TRUE(e.is_set());
  e.clear();
  EXPECT_FALSE(e.wait(std::chrono::milliseconds(5)));
}

}  // namespace
}  // namespace sockserv
