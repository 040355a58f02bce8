// Endpoint URLs: every form parses to the right fields and prints back the same; every
// malformed one is refused with a message saying what is wrong. And Address::to_string.
#include <sockserv/address.hpp>
#include <sockserv/endpoint.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace sockserv {
namespace {

// --- parse / to_string round trips --------------------------------------------------------

struct Parsed {
  std::string text;
  Transport transport;
  std::string host;
  std::uint16_t port;
  std::string path;
};

class EndpointRoundTrip : public ::testing::TestWithParam<Parsed> {};

TEST_P(EndpointRoundTrip, ParsesToItsPartsAndPrintsBackTheSame) {
  const Parsed& want = GetParam();
  Endpoint ep = Endpoint::parse(want.text);
  EXPECT_EQ(ep.transport, want.transport);
  EXPECT_EQ(ep.host, want.host);
  EXPECT_EQ(ep.port, want.port);
  EXPECT_EQ(ep.path, want.path);
  EXPECT_EQ(ep.to_string(), want.text);
  EXPECT_EQ(Endpoint::parse(ep.to_string()), ep);
}

INSTANTIATE_TEST_SUITE_P(
    EveryForm, EndpointRoundTrip,
    ::testing::Values(
        Parsed{"tcp://127.0.0.1:8080", Transport::tcp, "127.0.0.1", 8080, ""},
        Parsed{"tcp://0.0.0.0:0", Transport::tcp, "0.0.0.0", 0, ""},
        Parsed{"tcp://localhost:65535", Transport::tcp, "localhost", 65535, ""},
        Parsed{"tcp://[::1]:0", Transport::tcp, "::1", 0, ""},
        Parsed{"tcp://[::]:443", Transport::tcp, "::", 443, ""},
        Parsed{"tcp://[fe80::1%lo]:80", Transport::tcp, "fe80::1%lo", 80, ""},
        Parsed{"udp://localhost:5353", Transport::udp, "localhost", 5353, ""},
        Parsed{"udp://[2001:db8::7]:53", Transport::udp, "2001:db8::7", 53, ""},
        Parsed{"unix:///run/app.sock", Transport::unix_stream, "", 0, "/run/app.sock"},
        Parsed{"unix://relative.sock", Transport::unix_stream, "", 0, "relative.sock"},
        Parsed{"unixgram:///run/app.dgram", Transport::unix_datagram, "", 0,
               "/run/app.dgram"}),
    [](const ::testing::TestParamInfo<Parsed>& info) {
      return "case" + std::to_string(info.index);
    });

TEST(Endpoint, EqualityComparesTransportAndAddress) {
  EXPECT_EQ(Endpoint::parse("tcp://127.0.0.1:80"), Endpoint::parse("tcp://127.0.0.1:80"));
  EXPECT_NE(Endpoint::parse("tcp://127.0.0.1:80"), Endpoint::parse("udp://127.0.0.1:80"));
  EXPECT_NE(Endpoint::parse("tcp://127.0.0.1:80"), Endpoint::parse("tcp://127.0.0.1:81"));
  EXPECT_NE(Endpoint::parse("unix:///a"), Endpoint::parse("unixgram:///a"));
}

TEST(Endpoint, PrintsBracketsAroundAnIpv6HostSetByHand) {
  Endpoint ep;
  ep.transport = Transport::udp;
  ep.host = "::1";
  ep.port = 9;
  EXPECT_EQ(ep.to_string(), "udp://[::1]:9");
}

TEST(Endpoint, AcceptsTheLongestUnixPathThatFits) {
  std::string path = "/" + std::string(106, 'p');  // 107 bytes + NUL = sizeof sun_path
  EXPECT_EQ(Endpoint::parse("unix://" + path).path, path);
}

// --- errors -------------------------------------------------------------------------------

struct Malformed {
  std::string text;
  std::string says;  ///< a fragment the message must contain
};

class EndpointMalformed : public ::testing::TestWithParam<Malformed> {};

TEST_P(EndpointMalformed, IsRefusedWithAMessageSayingWhy) {
  const Malformed& bad = GetParam();
  try {
    Endpoint::parse(bad.text);
    ADD_FAILURE() << "'" << bad.text << "' was accepted";
  } catch (const EndpointError& e) {
    std::string message = e.what();
    EXPECT_EQ(message.rfind("bad endpoint '" + bad.text + "': ", 0), 0u) << message;
    EXPECT_NE(message.find(bad.says), std::string::npos)
        << "message: " << message << "\nshould say: " << bad.says;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EveryMistake, EndpointMalformed,
    ::testing::Values(
        Malformed{"", "expected tcp://HOST:PORT, udp://HOST:PORT, unix:///PATH"},
        Malformed{"127.0.0.1:80", "expected tcp://HOST:PORT"},
        Malformed{"tcp:/127.0.0.1:80", "expected tcp://HOST:PORT"},
        Malformed{"http://127.0.0.1:80", "unknown scheme 'http'; expected tcp://HOST:PORT"},
        Malformed{"TCP://127.0.0.1:80", "unknown scheme 'TCP'"},
        Malformed{"tcp://127.0.0.1", "missing ':PORT'"},
        Malformed{"udp://localhost", "missing ':PORT'"},
        Malformed{"tcp://::1:80", "an IPv6 address must be in brackets, as tcp://[::1]:8080"},
        Malformed{"tcp://[::1:80", "'[' without ']'"},
        Malformed{"tcp://[::1]", "missing ':PORT' after the IPv6 address"},
        Malformed{"tcp://[::1]80", "missing ':PORT' after the IPv6 address"},
        Malformed{"tcp://:80", "missing host"},
        Malformed{"tcp://[]:80", "missing host"},
        Malformed{"tcp://localhost:", "port '' is not a number"},
        Malformed{"tcp://localhost:http", "port 'http' is not a number"},
        Malformed{"tcp://localhost:80x", "port '80x' is not a number"},
        Malformed{"tcp://localhost:-1", "port '-1' is not a number"},
        Malformed{"tcp://localhost:65536", "port 65536 is out of range 0-65535"},
        Malformed{"tcp://localhost:99999999999", "0-65535"},
        Malformed{"unix://", "missing socket path"},
        Malformed{"unixgram://", "missing socket path"},
        Malformed{"unix:///" + std::string(107, 'p'), "socket path longer than 107 bytes"}),
    [](const ::testing::TestParamInfo<Malformed>& info) {
      return "case" + std::to_string(info.index);
    });

TEST(Endpoint, ErrorIsASockservError) {
  EXPECT_THROW(Endpoint::parse("nope"), Error);
}

// --- Address ------------------------------------------------------------------------------

Address ipv4(const char* ip, std::uint16_t port) {
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  EXPECT_EQ(::inet_pton(AF_INET, ip, &sin.sin_addr), 1);
  return Address(reinterpret_cast<const sockaddr*>(&sin), sizeof sin);
}

Address ipv6(const char* ip, std::uint16_t port) {
  sockaddr_in6 sin6{};
  sin6.sin6_family = AF_INET6;
  sin6.sin6_port = htons(port);
  EXPECT_EQ(::inet_pton(AF_INET6, ip, &sin6.sin6_addr), 1);
  return Address(reinterpret_cast<const sockaddr*>(&sin6), sizeof sin6);
}

Address unix_socket(const std::string& path) {
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::memcpy(sun.sun_path, path.data(), path.size());
  return Address(reinterpret_cast<const sockaddr*>(&sun),
                 socklen_t(offsetof(sockaddr_un, sun_path) + path.size()));
}

TEST(Address, Ipv4) {
  Address a = ipv4("127.0.0.1", 8080);
  EXPECT_EQ(a.family(), AF_INET);
  EXPECT_EQ(a.port(), 8080);
  EXPECT_EQ(a.host(), "127.0.0.1");
  EXPECT_EQ(a.to_string(), "127.0.0.1:8080");
  EXPECT_EQ(a.size(), socklen_t(sizeof(sockaddr_in)));
}

TEST(Address, Ipv6InBrackets) {
  Address a = ipv6("::1", 8080);
  EXPECT_EQ(a.family(), AF_INET6);
  EXPECT_EQ(a.port(), 8080);
  EXPECT_EQ(a.host(), "::1");
  EXPECT_EQ(a.to_string(), "[::1]:8080");
  EXPECT_EQ(ipv6("2001:db8::1", 0).to_string(), "[2001:db8::1]:0");
}

TEST(Address, UnixPath) {
  Address a = unix_socket("/run/x.sock");
  EXPECT_EQ(a.family(), AF_UNIX);
  EXPECT_EQ(a.port(), 0);
  EXPECT_EQ(a.host(), "/run/x.sock");
  EXPECT_EQ(a.to_string(), "/run/x.sock");
}

TEST(Address, UnixPathWithTrailingNulCounted) {
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::strcpy(sun.sun_path, "/tmp/s");
  Address a(reinterpret_cast<const sockaddr*>(&sun), sizeof sun);  // as accept(2) may give
  EXPECT_EQ(a.to_string(), "/tmp/s");
}

TEST(Address, UnnamedUnixPeer) {
  EXPECT_EQ(unix_socket("").to_string(), "(unnamed)");
}

TEST(Address, EmptyAndInvalid) {
  EXPECT_EQ(Address().family(), AF_UNSPEC);
  EXPECT_EQ(Address().to_string(), "(none)");
  EXPECT_EQ(Address(nullptr, 16).family(), AF_UNSPEC);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  EXPECT_EQ(Address(reinterpret_cast<const sockaddr*>(&sin), 0).family(), AF_UNSPEC);
}

}  // namespace
}  // namespace sockserv
