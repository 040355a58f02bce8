// Cidr and AccessList: parsing every form and mistake, and matching IPv4, IPv6,
// IPv4-mapped IPv6 and Unix-domain peers.
#include <sockserv/access_list.hpp>
#include <sockserv/error.hpp>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstring>

namespace sockserv {
namespace {

/// An IPv4 or IPv6 peer address from its text, port 4242.
Address ip(const std::string& text) {
  if (text.find(':') == std::string::npos) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(4242);
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &in.sin_addr), 1) << text;
    return Address(reinterpret_cast<const sockaddr*>(&in), sizeof in);
  }
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(4242);
  EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr), 1) << text;
  return Address(reinterpret_cast<const sockaddr*>(&in6), sizeof in6);
}

Address unix_peer(const std::string& path) {
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::memcpy(un.sun_path, path.data(), path.size());
  return Address(reinterpret_cast<const sockaddr*>(&un),
                 socklen_t(offsetof(sockaddr_un, sun_path) + path.size()));
}

/// The message Cidr::parse throws for `text`, or "" if it parses.
std::string parse_error(const std::string& text) {
  try {
    Cidr::parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

// --- Cidr::parse --------------------------------------------------------------------

TEST(Cidr, ParsesIpv4BlocksAndSingleAddresses) {
  Cidr block = Cidr::parse("10.0.0.0/8");
  EXPECT_EQ(block.family(), AF_INET);
  EXPECT_EQ(block.prefix_length(), 8);
  EXPECT_EQ(block.to_string(), "10.0.0.0/8");
  Cidr host = Cidr::parse("192.168.1.7");
  EXPECT_EQ(host.prefix_length(), 32);
  EXPECT_EQ(host.to_string(), "192.168.1.7/32");
  EXPECT_EQ(Cidr::parse("0.0.0.0/0").to_string(), "0.0.0.0/0");
}

TEST(Cidr, ParsesIpv6BlocksAndSingleAddresses) {
  Cidr block = Cidr::parse("fd00::/8");
  EXPECT_EQ(block.family(), AF_INET6);
  EXPECT_EQ(block.prefix_length(), 8);
  EXPECT_EQ(block.to_string(), "fd00::/8");
  EXPECT_EQ(Cidr::parse("::1").to_string(), "::1/128");
  EXPECT_EQ(Cidr::parse("[::1]").to_string(), "::1/128");
  EXPECT_EQ(Cidr::parse("[2001:db8::]/32").to_string(), "2001:db8::/32");
  EXPECT_EQ(Cidr::parse("::/0").to_string(), "::/0");
}

TEST(Cidr, ClearsHostBits) {
  EXPECT_EQ(Cidr::parse("10.1.2.3/24").to_string(), "10.1.2.0/24");
  EXPECT_EQ(Cidr::parse("10.1.2.255/25").to_string(), "10.1.2.128/25");
  EXPECT_EQ(Cidr::parse("255.255.255.255/0").to_string(), "0.0.0.0/0");
  EXPECT_EQ(Cidr::parse("2001:db8:ffff::1/33").to_string(), "2001:db8:8000::/33");
  EXPECT_EQ(Cidr::parse("10.1.2.3/24"), Cidr::parse("10.1.2.0/24"));
}

TEST(Cidr, StoresAnIpv4MappedBlockAsIpv4) {
  Cidr mapped = Cidr::parse("::ffff:10.0.0.0/104");
  EXPECT_EQ(mapped.family(), AF_INET);
  EXPECT_EQ(mapped, Cidr::parse("10.0.0.0/8"));
  EXPECT_EQ(Cidr::parse("::ffff:127.0.0.1"), Cidr::parse("127.0.0.1"));
  EXPECT_EQ(Cidr::parse("::ffff:0:0/96"), Cidr::parse("0.0.0.0/0"));
}

TEST(Cidr, PrefixOutOfRangeSaysTheRange) {
  std::string v4 = parse_error("10.0.0.0/33");
  EXPECT_NE(v4.find("bad address '10.0.0.0/33': prefix length 33 is out of range for IPv4 (0-32)"),
            std::string::npos) << v4;
  std::string v6 = parse_error("::1/129");
  EXPECT_NE(v6.find("prefix length 129 is out of range for IPv6 (0-128)"), std::string::npos) << v6;
}

TEST(Cidr, EveryErrorShowsWhatIsRight) {
  for (const char* text :
       {"10.0.0.0/33", "1.2.3", "::1/129", "", "localhost", "10.0.0.0/", "10.0.0.0/x",
        "10.0.0.0/-1", "256.0.0.1", "1:2:3", "/8", "10.0.0.0/8/8"}) {
    std::string message = parse_error(text);
    EXPECT_FALSE(message.empty()) << "'" << text << "' must not parse";
    EXPECT_NE(message.find("like 10.0.0.0/8, 192.168.1.7, ::1 or fd00::/8"), std::string::npos)
        << message;
  }
}

TEST(Cidr, SaysWhatIsWrongWithTheAddress) {
  EXPECT_NE(parse_error("1.2.3").find("'1.2.3' is not an IPv4 address: it needs four numbers"),
            std::string::npos);
  EXPECT_NE(parse_error("256.0.0.1").find("is not an IPv4 address"), std::string::npos);
  EXPECT_NE(parse_error("1:2:3").find("'1:2:3' is not an IPv6 address"), std::string::npos);
  EXPECT_NE(parse_error("localhost").find("host names are not resolved"), std::string::npos);
  EXPECT_NE(parse_error("10.0.0.0/x").find("must be a number 0-32, got 'x'"), std::string::npos);
  EXPECT_NE(parse_error("::/").find("must be a number 0-128, got ''"), std::string::npos);
  EXPECT_NE(parse_error("").find("no address"), std::string::npos);
}

// --- Cidr::contains -----------------------------------------------------------------

TEST(Cidr, ContainsIpv4Peers) {
  Cidr loopback = Cidr::parse("127.0.0.0/8");
  EXPECT_TRUE(loopback.contains(ip("127.0.0.1")));
  EXPECT_TRUE(loopback.contains(ip("127.255.255.255")));
  EXPECT_FALSE(loopback.contains(ip("128.0.0.1")));
  EXPECT_FALSE(loopback.contains(ip("::1")));
  Cidr odd = Cidr::parse("10.1.2.128/25");
  EXPECT_TRUE(odd.contains(ip("10.1.2.200")));
  EXPECT_FALSE(odd.contains(ip("10.1.2.127")));
  EXPECT_TRUE(Cidr::parse("0.0.0.0/0").contains(ip("203.0.113.9")));
}

TEST(Cidr, ContainsIpv6Peers) {
  Cidr ula = Cidr::parse("fd00::/8");
  EXPECT_TRUE(ula.contains(ip("fd12:3456::1")));
  EXPECT_FALSE(ula.contains(ip("fe80::1")));
  EXPECT_TRUE(Cidr::parse("::1").contains(ip("::1")));
  EXPECT_FALSE(Cidr::parse("::1").contains(ip("::2")));
  EXPECT_FALSE(Cidr::parse("::/0").contains(ip("10.0.0.1")));
}

TEST(Cidr, MatchesAnIpv4MappedPeerAsIpv4) {
  EXPECT_TRUE(Cidr::parse("127.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(Cidr::parse("10.0.0.0/8").contains(ip("::ffff:127.0.0.1")));
  EXPECT_TRUE(Cidr::parse("::ffff:127.0.0.0/104").contains(ip("127.0.0.1")));
  EXPECT_FALSE(Cidr::parse("::/0").contains(ip("::ffff:127.0.0.1")));
}

TEST(Cidr, NeverContainsUnixPeers) {
  EXPECT_FALSE(Cidr::parse("0.0.0.0/0").contains(unix_peer("/run/x.sock")));
  EXPECT_FALSE(Cidr::parse("::/0").contains(unix_peer("")));
  EXPECT_FALSE(Cidr::parse("::/0").contains(Address()));
}

// --- AccessList ---------------------------------------------------------------------

TEST(AccessList, EmptyPermitsEveryone) {
  AccessList list;
  EXPECT_TRUE(list.empty());
  EXPECT_TRUE(list.permits(ip("203.0.113.9")));
  EXPECT_TRUE(list.permits(ip("::1")));
}

TEST(AccessList, AllowListPermitsOnlyItsBlocks) {
  AccessList list;
  list.allow("127.0.0.0/8").allow("::1");
  EXPECT_FALSE(list.empty());
  EXPECT_TRUE(list.permits(ip("127.0.0.1")));
  EXPECT_TRUE(list.permits(ip("::1")));
  EXPECT_TRUE(list.permits(ip("::ffff:127.0.0.1")));
  EXPECT_FALSE(list.permits(ip("10.0.0.1")));
  EXPECT_FALSE(list.permits(ip("::2")));
  EXPECT_FALSE(list.permits(ip("::ffff:10.0.0.1")));
  ASSERT_EQ(list.allowed().size(), 2u);
  EXPECT_EQ(list.allowed()[1].to_string(), "::1/128");
}

TEST(AccessList, DenyAloneRefusesOnlyItsBlocks) {
  AccessList list;
  list.deny("10.1.2.0/24");
  EXPECT_FALSE(list.permits(ip("10.1.2.3")));
  EXPECT_FALSE(list.permits(ip("::ffff:10.1.2.3")));
  EXPECT_TRUE(list.permits(ip("10.1.3.3")));
  EXPECT_TRUE(list.permits(ip("::1")));
}

TEST(AccessList, DenyWinsOverAllow) {
  AccessList list;
  list.allow("10.0.0.0/8").deny("10.1.2.0/24").deny(Cidr::parse("10.9.9.9"));
  EXPECT_TRUE(list.permits(ip("10.1.3.1")));
  EXPECT_FALSE(list.permits(ip("10.1.2.1")));
  EXPECT_FALSE(list.permits(ip("10.9.9.9")));
  EXPECT_FALSE(list.permits(ip("11.0.0.1")));
  EXPECT_EQ(list.denied().size(), 2u);
}

TEST(AccessList, UnixPeersAreAlwaysPermitted) {
  AccessList list;
  list.allow("10.0.0.0/8").deny("0.0.0.0/0").deny("::/0");
  EXPECT_TRUE(list.permits(unix_peer("/run/client.sock")));
  EXPECT_TRUE(list.permits(unix_peer("")));
  EXPECT_FALSE(list.permits(ip("10.0.0.1")));
}

TEST(AccessList, AddingABadBlockThrowsAndAddsNothing) {
  AccessList list;
  EXPECT_THROW(list.allow("10.0.0.0/33"), Error);
  EXPECT_THROW(list.deny("nope"), Error);
  EXPECT_TRUE(list.empty());
}

}  // namespace
}  // namespace sockserv
