// The threading policy's thread reuse, seen from inside the requests it runs: which thread
// ran each one, how many threads started and ended (a thread_local's constructor and
// destructor), and each thread's stack size. No sockets: requests are fake bodies.
#include "core/request_body.hpp"
#include "support/test_client.hpp"  // eventually

#include <sockserv/policies.hpp>

#include <gtest/gtest.h>
#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace sockserv::test {
namespace {

using namespace std::chrono_literals;

/// Threads started and ended, counted by a thread_local in each thread that ran a request.
struct ThreadCounts {
  std::atomic<int> started{0};
  std::atomic<int> ended{0};
};

/// Counts its thread once; shares the counts so a late thread exit outlives the test.
struct ThreadWatch {
  std::shared_ptr<ThreadCounts> counts;
  ~ThreadWatch() {
    if (counts) ++counts->ended;
  }
};

void count_this_thread(const std::shared_ptr<ThreadCounts>& counts) {
  thread_local ThreadWatch watch;
  if (!watch.counts) {
    watch.counts = counts;
    ++counts->started;
  }
}

class FakeBody final : public detail::RequestBody {
 public:
  explicit FakeBody(std::function<void()> body) : body_(std::move(body)) {}
  void run() override { body_(); }
  const Address& peer() const noexcept override { return peer_; }
  int fd() const noexcept override { return -1; }
  Transport transport() const noexcept override { return Transport::udp; }
  std::shared_ptr<void> detach() override { return nullptr; }

 private:
  std::function<void()> body_;
  Address peer_;
};

Request request(std::function<void()> body) {
  return Request(std::make_unique<FakeBody>(std::move(body)));
}

class ThreadingPolicyTest : public ::testing::Test {
 protected:
  /// Runs one request that records its thread, and waits until it has ended.
  std::thread::id run_one(Policy& policy) {
    std::thread::id ran_on;
    policy.process_request(request([&] {
      count_this_thread(counts);
      ran_on = std::this_thread::get_id();
    }));
    EXPECT_TRUE(policy.wait_idle(no_deadline));
    return ran_on;
  }

  std::shared_ptr<ThreadCounts> counts = std::make_shared<ThreadCounts>();
};

TEST_F(ThreadingPolicyTest, TheNextRequestRunsOnTheParkedThread) {
  auto policy = make_threading_policy(ThreadingOptions{.idle_timeout = 1h});
  std::thread::id first = run_one(*policy);
  EXPECT_NE(first, std::this_thread::get_id()) << "a request runs on a thread of its own";
  EXPECT_EQ(run_one(*policy), first);
  EXPECT_EQ(run_one(*policy), first);
  EXPECT_EQ(counts->started.load(), 1) << "three requests one after another, one thread";
}

TEST_F(ThreadingPolicyTest, WithoutIdleThreadsEveryRequestStartsAThread) {
  auto policy = make_threading_policy(ThreadingOptions{.idle_threads = 0});
  run_one(*policy);
  run_one(*policy);
  EXPECT_EQ(counts->started.load(), 2);
  EXPECT_TRUE(eventually([&] { return counts->ended.load() == 2; }));
}

TEST_F(ThreadingPolicyTest, AParkedThreadEndsAfterTheIdleTimeout) {
  auto policy = make_threading_policy(ThreadingOptions{.idle_timeout = 20ms});
  run_one(*policy);
  EXPECT_TRUE(eventually([&] { return counts->ended.load() == 1; }));
  run_one(*policy);  // and a request after that still runs, on a new thread
  EXPECT_EQ(counts->started.load(), 2);
}

TEST_F(ThreadingPolicyTest, DestroyingThePolicyEndsItsParkedThreads) {
  auto policy = make_threading_policy(ThreadingOptions{.idle_timeout = 1h});
  // Three requests that wait for each other: three threads, all parked afterwards.
  std::mutex mutex;
  std::condition_variable all_in;
  int arrived = 0;
  for (int i = 0; i < 3; ++i)
    policy->process_request(request([&] {
      count_this_thread(counts);
      std::unique_lock lock(mutex);
      ++arrived;
      all_in.notify_all();
      all_in.wait(lock, [&] { return arrived == 3; });
    }));
  ASSERT_TRUE(policy->wait_idle(no_deadline));
  EXPECT_EQ(counts->started.load(), 3);
  EXPECT_EQ(counts->ended.load(), 0) << "parked for an hour";
  policy.reset();
  EXPECT_TRUE(eventually([&] { return counts->ended.load() == 3; }));
}

TEST_F(ThreadingPolicyTest, MaxThreadsStillCapsRunningRequestsAndReusesTheirThreads) {
  auto policy = make_threading_policy(ThreadingOptions{.max_threads = 2, .idle_timeout = 1h});
  std::mutex mutex;
  std::condition_variable changed;
  int arrived = 0, active = 0, max_active = 0;
  for (int i = 0; i < 6; ++i)  // blocks at the cap until a running request ends
    policy->process_request(request([&] {
      count_this_thread(counts);
      std::unique_lock lock(mutex);
      max_active = std::max(max_active, ++active);
      ++arrived;
      changed.notify_all();
      // The first two wait for each other: an overlap of two is certain.
      changed.wait(lock, [&] { return arrived >= 2; });
      --active;
    }));
  ASSERT_TRUE(policy->wait_idle(no_deadline));
  EXPECT_EQ(arrived, 6) << "every request ran";
  EXPECT_EQ(max_active, 2);
  EXPECT_EQ(counts->started.load(), 2) << "six requests, capped at two, on two threads";
}

TEST_F(ThreadingPolicyTest, ThreadsHaveTheConfiguredStackSize) {
  auto policy = make_threading_policy(ThreadingOptions{.stack_size = 512 * 1024});
  std::size_t stack = 0;
  policy->process_request(request([&] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    pthread_attr_getstacksize(&attr, &stack);
    pthread_attr_destroy(&attr);
  }));
  ASSERT_TRUE(policy->wait_idle(no_deadline));
  EXPECT_EQ(stack, 512u * 1024);
}

}  // namespace
}  // namespace sockserv::test
