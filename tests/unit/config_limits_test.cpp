// A server's limits:, allow: and deny: keys: every key read into typed values, every
// mistake located and explained.
#include "config_test_support.hpp"

#include <gtest/gtest.h>

namespace sockserv::config {
namespace {

using namespace std::chrono_literals;
using testing::dump;
using testing::error_at;
using testing::expect_error;
using testing::expect_only_error;
using testing::parse;

TEST(ConfigLimits, ReadsEveryKey) {
  ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits:
      max_connections: 10000
      on_overload: queue
      queue: 64
      per_source: 20
      idle_timeout: 30s
    allow: [127.0.0.0/8, "::1", 10.1.2.3/24]
    deny: 10.1.2.0/28
)");
  ASSERT_TRUE(result.config) << dump(result.errors);
  const ServerConfig& s = result.config->servers.at(0);
  EXPECT_EQ(s.limits.max_connections, 10000u);
  EXPECT_EQ(s.limits.on_overload, Overload::queue);
  EXPECT_EQ(s.limits.queue, 64u);
  EXPECT_EQ(s.limits.per_source, 20u);
  EXPECT_EQ(s.limits.idle_timeout, 30s);
  ASSERT_EQ(s.access.allowed().size(), 3u);
  EXPECT_EQ(s.access.allowed()[0].to_string(), "127.0.0.0/8");
  EXPECT_EQ(s.access.allowed()[1].to_string(), "::1/128");
  EXPECT_EQ(s.access.allowed()[2].to_string(), "10.1.2.0/24") << "host bits are cleared";
  ASSERT_EQ(s.access.denied().size(), 1u);
  EXPECT_EQ(s.access.denied()[0].to_string(), "10.1.2.0/28");
}

TEST(ConfigLimits, DefaultsAreNoLimitsAndEveryoneAllowed) {
  ParseResult result = parse(R"(
servers:
  web: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}, limits: {}}
)");
  ASSERT_TRUE(result.config) << dump(result.errors);
  const ServerConfig& s = result.config->servers.at(0);
  EXPECT_EQ(s.limits.max_connections, 0u);
  EXPECT_EQ(s.limits.on_overload, Overload::reject);
  EXPECT_EQ(s.limits.queue, 128u);
  EXPECT_EQ(s.limits.per_source, 0u);
  EXPECT_EQ(s.limits.idle_timeout, Duration::zero());
  EXPECT_TRUE(s.access.empty());
}

TEST(ConfigLimits, ZeroMeansNoLimit) {
  ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits: {max_connections: 0, queue: 0, per_source: 0, idle_timeout: 0}
)");
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_EQ(result.config->servers.at(0).limits.queue, 0u);
}

TEST(ConfigLimits, UnknownKeySuggestsTheNearest) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits: {max_conections: 5}
)",
                    5, 14, "servers.web.limits.max_conections",
                    {"unknown key 'max_conections'", "did you mean 'max_connections'?",
                     "valid keys: max_connections, on_overload, queue, per_source, idle_timeout"});
}

TEST(ConfigLimits, CountsMustBeWholeNumbersZeroOrMore) {
  ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits:
      max_connections: -1
      queue: lots
      per_source: [1]
)");
  ASSERT_EQ(result.errors.size(), 3u) << dump(result.errors);
  expect_error(result.errors[0], 6, 24, "servers.web.limits.max_connections",
               {"expected a whole number 0 or more (0: no limit), like 100, got '-1'"});
  expect_error(result.errors[1], 7, 14, "servers.web.limits.queue",
               {"expected a whole number 0 or more", "got 'lots'"});
  expect_error(result.errors[2], 8, 19, "servers.web.limits.per_source", {"got a list"});
}

TEST(ConfigLimits, OnOverloadIsRejectOrQueue) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits: {on_overload: rejct}
)",
                    5, 27, "servers.web.limits.on_overload",
                    {"unknown overload action 'rejct'", "did you mean 'reject'?", "queue"});
}

TEST(ConfigLimits, IdleTimeoutIsADuration) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits: {idle_timeout: 30 seconds}
)",
                    5, 28, "servers.web.limits.idle_timeout",
                    {"expected a duration like 30s or 250ms", "got '30 seconds'"});
}

TEST(ConfigLimits, LimitsMustBeAMap) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    limits: 100
)",
                    5, 13, "servers.web.limits",
                    {"expected a map like {max_connections:", "got '100'"});
}

TEST(ConfigLimits, BadCidrIsLocatedAtItsItemAndShowsWhatIsRight) {
  ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    allow: [127.0.0.0/8, 10.0.0.0/33]
    deny:
      - 1.2.3
      - ::1/129
)");
  ASSERT_EQ(result.errors.size(), 3u) << dump(result.errors);
  expect_error(result.errors[0], 5, 26, "servers.web.allow",
               {"bad address '10.0.0.0/33': prefix length 33 is out of range for IPv4 (0-32)",
                "like 10.0.0.0/8, 192.168.1.7, ::1 or fd00::/8"});
  expect_error(result.errors[1], 7, 9, "servers.web.deny",
               {"'1.2.3' is not an IPv4 address: it needs four numbers 0-255"});
  expect_error(result.errors[2], 8, 9, "servers.web.deny",
               {"prefix length 129 is out of range for IPv6 (0-128)"});
}

TEST(ConfigLimits, AccessListItemsMustBeAddresses) {
  ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    allow: [{net: 10.0.0.0/8}]
    deny: []
)");
  ASSERT_EQ(result.errors.size(), 2u) << dump(result.errors);
  expect_error(error_at(result, "servers.web.allow"), 5, 13, "servers.web.allow",
               {"expected an address or CIDR block, or a list of them", "got a map"});
  expect_error(error_at(result, "servers.web.deny"), 6, 11, "servers.web.deny",
               {"an empty list; give at least one address, or remove the key"});
}

TEST(ConfigLimits, HostNamesAreNotResolved) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    allow: localhost
)",
                    5, 12, "servers.web.allow",
                    {"'localhost' is not an IP address (host names are not resolved)"});
}

}  // namespace
}  // namespace sockserv::config
