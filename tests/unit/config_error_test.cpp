#include "config/config_error.hpp"

#include <gtest/gtest.h>

namespace sockserv::config {
namespace {

TEST(ConfigError, ShowsFileLineColumnKeyAndMessage) {
  ConfigError e{{"conf/app.yaml", 3, 5}, "servers.web.listen", "bad endpoint"};
  EXPECT_EQ(e.to_string(), "conf/app.yaml:3:5: servers.web.listen: bad endpoint");
}

TEST(ConfigError, LeavesOutUnknownParts) {
  EXPECT_EQ((ConfigError{{"a.yaml", 0, 0}, "", "cannot read"}).to_string(), "a.yaml: cannot read");
  EXPECT_EQ((ConfigError{{"a.yaml", 2, 0}, "log", "m"}).to_string(), "a.yaml:2: log: m");
  EXPECT_EQ((ConfigError{{"", 0, 0}, "servers", "m"}).to_string(), "servers: m");
  EXPECT_EQ((ConfigError{{"", 0, 0}, "", "m"}).to_string(), "m");
}

}  // namespace
}  // namespace sockserv::config
