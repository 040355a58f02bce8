// The coroutine loop's readiness table, on real sockets: an edge wakes its waiters or is
// kept for the next wait; a forgotten descriptor's number starts afresh.
#include "core/poller.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace sockserv::core {
namespace {

struct Pair {
  int fd[2];
  Pair() {
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fd), 0);
  }
  ~Pair() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void send(const char* text) { ASSERT_GT(::write(fd[1], text, std::strlen(text)), 0); }
};

std::vector<Poller::Waiter*> poll_now(Poller& poller) {
  std::vector<Poller::Waiter*> woken;
  poller.poll(0, woken);
  return woken;
}

TEST(Poller, AWaiterIsWokenByTheNextEdgeOnly) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  // A new socketpair end is writable but not readable: the read wait enlists.
  ASSERT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, reader));
  EXPECT_TRUE(poll_now(poller).empty());
  pair.send("x");
  EXPECT_EQ(poll_now(poller), std::vector<Poller::Waiter*>{&reader});
  EXPECT_EQ(reader.fd, -1);  // woken waiters are off the list
}

TEST(Poller, AnEdgeWithNoWaiterIsKeptForOneWait) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  ASSERT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, reader));
  poller.withdraw(reader);
  pair.send("x");
  EXPECT_TRUE(poll_now(poller).empty());
  EXPECT_TRUE(poller.ready_or_enlist(pair.fd[0], Direction::read, reader));  // consumed
  EXPECT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, reader));
  poller.withdraw(reader);
}

TEST(Poller, WritableAtRegistrationIsAnEdge) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader, writer;
  ASSERT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, reader));
  EXPECT_TRUE(poll_now(poller).empty());  // the write edge is kept: no writer waited
  EXPECT_TRUE(poller.ready_or_enlist(pair.fd[0], Direction::write, writer));
  poller.withdraw(reader);
}

TEST(Poller, EveryWaiterOfADirectionWakes) {
  Poller poller;
  Pair pair;
  Poller::Waiter a, b;
  ASSERT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, a));
  ASSERT_FALSE(poller.ready_or_enlist(pair.fd[0], Direction::read, b));
  poller.withdraw(a);
  pair.send("x");
  EXPECT_EQ(poll_now(poller), std::vector<Poller::Waiter*>{&b});
}

TEST(Poller, ForgettingWakesWaitersAndANewDescriptorStartsAfresh) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  int number = pair.fd[0];
  ASSERT_FALSE(poller.ready_or_enlist(number, Direction::read, reader));
  std::vector<Poller::Waiter*> woken;
  poller.forget(number, woken);
  EXPECT_EQ(woken, std::vector<Poller::Waiter*>{&reader});
  ::close(pair.fd[0]);
  pair.fd[0] = -1;
  // The same number, another socket: registered again, no edge of the old one kept.
  Pair other;
  ASSERT_TRUE(other.fd[0] == number || other.fd[1] == number);  // the lowest free number
  int peer = other.fd[0] == number ? other.fd[1] : other.fd[0];
  EXPECT_FALSE(poller.ready_or_enlist(number, Direction::read, reader));
  ASSERT_EQ(::write(peer, "y", 1), 1);
  EXPECT_EQ(poll_now(poller), std::vector<Poller::Waiter*>{&reader});
}

TEST(Poller, ARegularFileIsAlwaysReady) {
  Poller poller;
  char path[] = "/tmp/sockserv-poller-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  ::unlink(path);
  Poller::Waiter reader;
  EXPECT_TRUE(poller.ready_or_enlist(fd, Direction::read, reader));
  EXPECT_TRUE(poller.ready_or_enlist(fd, Direction::read, reader));
  ::close(fd);
}

TEST(Poller, TheWakeupDescriptorIsReported) {
  Poller poller;
  Pair pair;
  poller.set_wakeup(pair.fd[0]);
  std::vector<Poller::Waiter*> woken;
  EXPECT_FALSE(poller.poll(0, woken));
  pair.send("x");
  EXPECT_TRUE(poller.poll(0, woken));
  EXPECT_TRUE(woken.empty());
}

}  // namespace
}  // namespace sockserv::core
