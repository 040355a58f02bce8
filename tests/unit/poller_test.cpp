// The coroutine loop's readiness table, on real sockets: an edge wakes its waiters or is
// kept for the next wait; a forgotten descriptor's number starts afresh.
#include "core/poller.hpp"
#include "support/tcp_pair.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

namespace sockserv::core {
namespace {

/// A Unix socketpair named like test::TcpPair: `accepted` is the end the poller watches.
struct Pair {
  int accepted = -1;
  int client = -1;
  Pair() {
    int fd[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fd), 0);
    accepted = fd[0];
    client = fd[1];
  }
  ~Pair() {
    for (int f : {accepted, client})
      if (f >= 0) ::close(f);
  }
  void send(const char* text) { ASSERT_GT(::write(client, text, std::strlen(text)), 0); }
};

/// Registers `fd` with `poller` as a read wait that is then withdrawn.
void register_fd(Poller& poller, int fd) {
  Poller::Waiter w;
  if (!poller.ready_or_enlist(fd, Direction::read, w)) poller.withdraw(w);
}

std::vector<Poller::Waiter*> poll_now(Poller& poller) {
  std::vector<Poller::Waiter*> woken;
  poller.poll(0, woken);
  return woken;
}

/// Waits (up to 5 s) until the kernel has `what` for `fd`, so one epoll event carries it.
bool arrived(int fd, short what) {
  pollfd p{fd, what, 0};
  return ::poll(&p, 1, 5000) == 1 && (p.revents & what);
}

/// Polls (up to 5 s) until `condition` holds: loopback delivery is quick but not instant.
template <class Condition>
bool eventually_polled(Poller& poller, Condition condition) {
  std::vector<Poller::Waiter*> woken;
  for (int i = 0; i < 50 && !condition(); ++i) poller.poll(100, woken);
  return condition();
}

TEST(Poller, AWaiterIsWokenByTheNextEdgeOnly) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  // A new socketpair end is writable but not readable: the read wait enlists.
  ASSERT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, reader));
  EXPECT_TRUE(poll_now(poller).empty());
  pair.send("x");
  EXPECT_EQ(poll_now(poller), std::vector<Poller::Waiter*>{&reader});
  EXPECT_EQ(reader.fd, -1);  // woken waiters are off the list
}

TEST(Poller, AnEdgeWithNoWaiterIsKeptForOneWait) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  ASSERT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, reader));
  poller.withdraw(reader);
  pair.send("x");
  EXPECT_TRUE(poll_now(poller).empty());
  EXPECT_TRUE(poller.ready_or_enlist(pair.accepted, Direction::read, reader));  // consumed
  EXPECT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, reader));
  poller.withdraw(reader);
}

TEST(Poller, WritableAtRegistrationIsAnEdge) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader, writer;
  ASSERT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, reader));
  EXPECT_TRUE(poll_now(poller).empty());  // the write edge is kept: no writer waited
  EXPECT_TRUE(poller.ready_or_enlist(pair.accepted, Direction::write, writer));
  poller.withdraw(reader);
}

TEST(Poller, EveryWaiterOfADirectionWakes) {
  Poller poller;
  Pair pair;
  Poller::Waiter a, b;
  ASSERT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, a));
  ASSERT_FALSE(poller.ready_or_enlist(pair.accepted, Direction::read, b));
  poller.withdraw(a);
  pair.send("x");
  EXPECT_EQ(poll_now(poller), std::vector<Poller::Waiter*>{&b});
}

TEST(Poller, ForgettingWakesWaitersAndANewDescriptorStartsAfresh) {
  Poller poller;
  Pair pair;
  Poller::Waiter reader;
  int number = pair.accepted;
  ASSERT_FALSE(poller.ready_or_enlist(number, Direction::read, reader));
  std::vector<Poller::Waiter*> woken;
  poller.forget(number, woken);
  EXPECT_EQ(woken, std::vector<Poller::Waiter*>{&reader});
  ::close(pair.accepted);
  pair.accepted = -1;
  // The same number, another socket: registered again, no edge of the old one kept.
  Pair other;
  ASSERT_TRUE(other.accepted == number || other.client == number);  // the lowest free number
  int peer = other.accepted == number ? other.client : other.accepted;
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

TEST(PollerReadHints, ADrainedSocketHasNoDataUntilItsNextEdge) {
  Poller poller;
  test::TcpPair pair;
  poller.drained(pair.accepted);  // not registered: nothing would end "empty"
  EXPECT_TRUE(poller.may_have_data(pair.accepted));
  register_fd(poller, pair.accepted);
  poller.drained(pair.accepted);
  EXPECT_FALSE(poller.may_have_data(pair.accepted));
  ASSERT_EQ(::send(pair.client, "x", 1, 0), 1);
  ASSERT_TRUE(eventually_polled(poller, [&] { return poller.may_have_data(pair.accepted); }));
}

TEST(PollerReadHints, AFinAlreadyAnnouncedKeepsTheSocketReadable) {
  Poller poller;
  test::TcpPair pair;
  register_fd(poller, pair.accepted);
  poller.drained(pair.accepted);
  ASSERT_EQ(::send(pair.client, "x", 1, 0), 1);
  ::shutdown(pair.client, SHUT_WR);
  ASSERT_TRUE(arrived(pair.accepted, POLLRDHUP));
  ASSERT_TRUE(eventually_polled(poller, [&] { return poller.may_have_data(pair.accepted); }));
  // The read takes "x" (short) and the FIN's edge is spent: the end must still be read.
  char c;
  ASSERT_EQ(::recv(pair.accepted, &c, 8, 0), 1);
  poller.drained(pair.accepted);
  EXPECT_TRUE(poller.may_have_data(pair.accepted));
}

TEST(PollerReadHints, UrgentDataKeepsTheSocketReadable) {
  Poller poller;
  test::TcpPair pair;
  int on = 1;
  ASSERT_EQ(::setsockopt(pair.accepted, SOL_SOCKET, SO_OOBINLINE, &on, sizeof on), 0);
  register_fd(poller, pair.accepted);
  poller.drained(pair.accepted);
  ASSERT_EQ(::send(pair.client, "ab", 2, 0), 2);
  ASSERT_EQ(::send(pair.client, "!", 1, MSG_OOB), 1);
  ASSERT_TRUE(arrived(pair.accepted, POLLPRI));
  ASSERT_TRUE(eventually_polled(poller, [&] { return poller.may_have_data(pair.accepted); }));
  poller.drained(pair.accepted);  // a read that stopped short at the urgent mark
  EXPECT_TRUE(poller.may_have_data(pair.accepted));
}

TEST(Poller, TheWakeupDescriptorIsReported) {
  Poller poller;
  Pair pair;
  poller.set_wakeup(pair.accepted);
  std::vector<Poller::Waiter*> woken;
  EXPECT_FALSE(poller.poll(0, woken));
  pair.send("x");
  EXPECT_TRUE(poller.poll(0, woken));
  EXPECT_TRUE(woken.empty());
}

}  // namespace
}  // namespace sockserv::core
