// The accounting behind limits: per-source and total shares, released by the slot's
// destructor, and the wake-up the acceptor waits on while connections are queued.
#include "core/admission.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/un.h>

namespace sockserv::core {
namespace {

Address ipv4(const char* text, int port) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_port = htons(std::uint16_t(port));
  inet_pton(AF_INET, text, &in.sin_addr);
  return Address(reinterpret_cast<const sockaddr*>(&in), sizeof in);
}

Address ipv6(const char* text, int port) {
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(std::uint16_t(port));
  inet_pton(AF_INET6, text, &in6.sin6_addr);
  return Address(reinterpret_cast<const sockaddr*>(&in6), sizeof in6);
}

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

class AdmissionTest : public ::testing::Test {
 protected:
  std::shared_ptr<Admission> make() { return std::make_shared<Admission>(limits, counters); }
  Limits limits;
  AdmissionCounters counters;
};

TEST_F(AdmissionTest, WithoutLimitsEverySlotIsTakenAndCounted) {
  auto admission = make();
  std::vector<Slot> slots;
  for (int i = 0; i < 100; ++i) {
    auto slot = Admission::enter(admission, ipv4("10.0.0.1", i));
    ASSERT_TRUE(slot);
    ASSERT_TRUE(admission->take(*slot));
    EXPECT_TRUE(slot->counted());
    slots.push_back(std::move(*slot));
  }
  EXPECT_EQ(counters.active.load(), 100u);
  slots.clear();
  EXPECT_EQ(counters.active.load(), 0u);
}

TEST_F(AdmissionTest, MaxConnectionsCapsTheSharesUntilOneIsReleased) {
  limits.max_connections = 2;
  auto admission = make();
  auto a = Admission::enter(admission, ipv4("10.0.0.1", 1));
  auto b = Admission::enter(admission, ipv4("10.0.0.2", 1));
  auto c = Admission::enter(admission, ipv4("10.0.0.3", 1));
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(admission->take(*a));
  EXPECT_TRUE(admission->take(*a)) << "taking twice holds one share";
  EXPECT_TRUE(admission->take(*b));
  EXPECT_FALSE(admission->take(*c));
  EXPECT_EQ(counters.active.load(), 2u);
  a.reset();
  EXPECT_TRUE(admission->take(*c));
  EXPECT_EQ(counters.active.load(), 2u);
}

TEST_F(AdmissionTest, PerSourceCountsEachAddressWhateverItsPortOrFamily) {
  limits.per_source = 2;
  auto admission = make();
  auto a = Admission::enter(admission, ipv4("127.0.0.1", 1000));
  auto b = Admission::enter(admission, ipv6("::ffff:127.0.0.1", 1001));
  ASSERT_TRUE(a && b);
  EXPECT_FALSE(Admission::enter(admission, ipv4("127.0.0.1", 1002)));
  EXPECT_TRUE(Admission::enter(admission, ipv4("127.0.0.2", 1000)));
  EXPECT_TRUE(Admission::enter(admission, ipv6("::1", 1000)));
  b.reset();
  EXPECT_TRUE(Admission::enter(admission, ipv4("127.0.0.1", 1003)));
}

TEST_F(AdmissionTest, UnixPeersHaveNoPerSourceLimit) {
  limits.per_source = 1;
  auto admission = make();
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  Address peer(reinterpret_cast<const sockaddr*>(&un), sizeof(sa_family_t));
  std::vector<Slot> slots;
  for (int i = 0; i < 3; ++i) {
    auto slot = Admission::enter(admission, peer);
    ASSERT_TRUE(slot);
    slots.push_back(std::move(*slot));
  }
}

TEST_F(AdmissionTest, AMovedSlotReleasesOnce) {
  limits.max_connections = 1;
  limits.per_source = 1;
  auto admission = make();
  auto first = Admission::enter(admission, ipv4("10.0.0.1", 1));
  ASSERT_TRUE(first && admission->take(*first));
  Slot moved = std::move(*first);
  first.reset();  // the moved-from slot holds nothing
  EXPECT_EQ(counters.active.load(), 1u);
  EXPECT_FALSE(Admission::enter(admission, ipv4("10.0.0.1", 2)));
  Slot other;
  other = std::move(moved);
  EXPECT_EQ(counters.active.load(), 1u);
  other = Slot();
  EXPECT_EQ(counters.active.load(), 0u);
  EXPECT_TRUE(Admission::enter(admission, ipv4("10.0.0.1", 3)));
}

TEST_F(AdmissionTest, ReleaseWakesTheAcceptorOnlyWhileConnectionsAreQueued) {
  limits.max_connections = 1;
  auto admission = make();
  auto a = Admission::enter(admission, ipv4("10.0.0.1", 1));
  ASSERT_TRUE(a && admission->take(*a));
  a.reset();
  EXPECT_FALSE(readable(admission->wake_fd())) << "nothing waits: no wake-up";
  auto b = Admission::enter(admission, ipv4("10.0.0.1", 2));
  ASSERT_TRUE(b && admission->take(*b));
  counters.queued.store(1);
  b.reset();
  EXPECT_TRUE(readable(admission->wake_fd()));
  admission->clear_wake();
  EXPECT_FALSE(readable(admission->wake_fd()));
}

TEST_F(AdmissionTest, SlotsKeepTheAdmissionAlive) {
  auto admission = make();
  auto slot = Admission::enter(admission, ipv4("10.0.0.1", 1));
  ASSERT_TRUE(slot && admission->take(*slot));
  admission.reset();
  slot.reset();  // must not touch a destroyed Admission (ASan would tell)
  EXPECT_EQ(counters.active.load(), 0u);
}

}  // namespace
}  // namespace sockserv::core
