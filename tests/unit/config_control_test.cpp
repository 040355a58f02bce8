// The top-level `control:` as the parser reads it: a socket path resolved like plugin_path,
// and every unusable value located with what would be right.
#include "config_test_support.hpp"

namespace sockserv::config::testing {
namespace {

TEST(ConfigControl, AbsentMeansNoControlSocket) {
  auto result = parse(one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_TRUE(result.config->control.empty());
  EXPECT_EQ(result.config->control_where.line, 0);
}

TEST(ConfigControl, ARelativePathResolvesAgainstTheConfigFilesFolder) {
  auto result = parse(std::string("control: run/../ctl.sock\n") + one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_EQ(result.config->control, "/etc/sockserv/ctl.sock");
  EXPECT_EQ(result.config->control_where.line, 1);
  EXPECT_EQ(result.config->control_where.column, 10);
}

TEST(ConfigControl, AnAbsolutePathIsKept) {
  auto result = parse(std::string("control: /run/sockserv/control.sock\n") + one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_EQ(result.config->control, "/run/sockserv/control.sock");
}

TEST(ConfigControl, AListIsNotAPath) {
  expect_only_error(std::string("control: [a.sock]\n") + one_server, 1, 10, "control",
                    {"expected a path for the control socket, like /run/sockserv/control.sock",
                     "got a list"});
}

TEST(ConfigControl, AnEmptyValueIsReported) {
  expect_only_error(std::string("control: ''\n") + one_server, 1, 10, "control",
                    {"expected a path for the control socket", "got nothing"});
}

TEST(ConfigControl, AnEndpointIsNotAPath) {
  expect_only_error(std::string("control: unix:///run/ctl.sock\n") + one_server, 1, 10,
                    "control", {"expected a file path, not an endpoint", "'/run/ctl.sock'"});
}

TEST(ConfigControl, AFolderIsNotASocketFile) {
  expect_only_error(std::string("control: /run/sockserv/\n") + one_server, 1, 10, "control",
                    {"names a folder", "/run/sockserv/control.sock"});
}

TEST(ConfigControl, APathTooLongForASocketIsReported) {
  expect_only_error("control: /" + std::string(120, 'x') + "\n" + one_server, 1, 10, "control",
                    {"121 bytes long", "at most 107", "choose a shorter one"});
}

TEST(ConfigControl, AServersSocketIsNotTheControlSocket) {
  expect_only_error(R"(
control: /run/app.sock
servers:
  app: {listen: unix:///run/app.sock, handler: {plugin: echo}}
)",
                    1, 10, "control",
                    {"'/run/app.sock' is also the endpoint of server 'app' (line 3)",
                     "a path of its own"});
}

}  // namespace
}  // namespace sockserv::config::testing
