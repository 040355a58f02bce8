// The coroutine policy's event loop on its own: fibers that wait on sockets, deadlines,
// work posted from another thread, and a descriptor let go of while a fiber waits on it.
#include "core/event_loop.hpp"

#include <sockserv/task.hpp>

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace sockserv::core {
namespace {

constexpr std::size_t stack_size = 64 * 1024;

struct Pair {
  int fd[2];
  Pair() {
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fd), 0);
  }
  ~Pair() {
    ::close(fd[0]);
    ::close(fd[1]);
  }
};

/// Reads what is there, waiting in the current task until something is.
std::string read_some(int fd, Deadline deadline) {
  char buffer[64];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n >= 0) return std::string(buffer, std::size_t(n));
    if (!Task::current().wait(fd, Readiness::readable, deadline)) return "<timed out>";
  }
}

TEST(EventLoop, FibersTakeTurnsOverASocketAndTheLoopEndsWithThem) {
  EventLoop loop(stack_size);
  Pair pair;
  std::string heard;
  loop.spawn([&] {
    heard += read_some(pair.fd[0], no_deadline);
    heard += read_some(pair.fd[0], no_deadline);
  });
  loop.spawn([&] {
    ASSERT_EQ(::write(pair.fd[1], "ab", 2), 2);
    sleep_for(std::chrono::milliseconds(5));  // the reader waits meanwhile
    ASSERT_EQ(::write(pair.fd[1], "cd", 2), 2);
  });
  loop.run();
  EXPECT_EQ(heard, "abcd");
}

TEST(EventLoop, AWaitEndsAtItsDeadlineWhenNothingComes) {
  EventLoop loop(stack_size);
  Pair pair;
  std::string result;
  Deadline deadline{};
  loop.spawn([&] {
    deadline = Clock::now() + std::chrono::milliseconds(20);
    result = read_some(pair.fd[0], deadline);
  });
  loop.run();
  EXPECT_EQ(result, "<timed out>");
  EXPECT_GE(Clock::now(), deadline);
}

TEST(EventLoop, WorkPostedFromAnotherThreadRunsOnTheLoopsThread) {
  EventLoop loop(stack_size);
  loop.hold(true);
  std::thread::id ran_on;
  bool fiber_ran = false;
  std::thread poster([&] {
    loop.post([&] {
      ran_on = std::this_thread::get_id();
      loop.spawn([&] { fiber_ran = true; });
      loop.hold(false);
    });
  });
  loop.run();
  poster.join();
  EXPECT_EQ(ran_on, std::this_thread::get_id());
  EXPECT_TRUE(fiber_ran);
}

TEST(EventLoop, ReleasingADescriptorWakesTheFiberWaitingOnIt) {
  EventLoop loop(stack_size);
  Pair pair;
  bool woke = false;
  loop.spawn([&] { woke = Task::current().wait(pair.fd[0], Readiness::readable, no_deadline); });
  loop.spawn([&] { Task::current().release(pair.fd[0]); });
  loop.run();
  EXPECT_TRUE(woke);
}

TEST(EventLoop, APokeDoesNotCutASleepShort) {
  EventLoop loop(stack_size);
  Deadline until{};
  loop.spawn([&] {
    until = Clock::now() + std::chrono::milliseconds(20);
    Task::current().sleep_until(until);
  });
  loop.spawn([&] { loop.poke_all(); });
  loop.run();
  EXPECT_GE(Clock::now(), until);
}

}  // namespace
}  // namespace sockserv::core
