// The parser on valid configs: every key lands in the typed structs, defaults apply,
// relative paths resolve against the config's folder.
#include "config_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace sockserv::config {
namespace {

using namespace std::chrono_literals;
using testing::dump;
using testing::parse;

constexpr std::string_view full_config = R"(
plugin_path: [build/plugins, /opt/sockserv/plugins]
log: {level: debug}
shutdown_timeout: 20s
servers:
  web:
    listen: tcp://127.0.0.1:8080
    policy: {type: threading, max_threads: 8}
    processes: 1
    shutdown_timeout: 5s
    handler: {plugin: echo, greeting: hi, tags: [a, b]}
  files:
    listen: unix:///tmp/files.sock
    policy: forking
    handler:
      path: lib/file.so
      root: ../www
  dns:
    listen: udp://[::1]:5353
    handler: {plugin: dns, zone: {name: x}}
)";

Config parse_ok(std::string_view yaml) {
  ParseResult result = parse(yaml);
  EXPECT_TRUE(result.errors.empty()) << dump(result.errors);
  return result.config.value_or(Config{});
}

TEST(ConfigParser, ReadsTopLevelSettings) {
  Config c = parse_ok(full_config);
  EXPECT_EQ(c.file, "/etc/sockserv/test.yaml");
  EXPECT_EQ(c.base_dir, "/etc/sockserv");
  ASSERT_EQ(c.plugin_path.size(), 2u);
  EXPECT_EQ(c.plugin_path[0], "/etc/sockserv/build/plugins");
  EXPECT_EQ(c.plugin_path[1], "/opt/sockserv/plugins");
  EXPECT_EQ(c.plugin_path_where.line, 1);
  EXPECT_EQ(c.plugin_path_where.column, 14);
  EXPECT_EQ(c.log.level, LogLevel::debug);
  EXPECT_EQ(c.shutdown_timeout, Duration(20s));
}

TEST(ConfigParser, KeepsServersInFileOrder) {
  Config c = parse_ok(full_config);
  ASSERT_EQ(c.servers.size(), 3u);
  EXPECT_EQ(c.servers[0].name, "web");
  EXPECT_EQ(c.servers[1].name, "files");
  EXPECT_EQ(c.servers[2].name, "dns");
  EXPECT_EQ(c.servers[1].where.line, 11);
  EXPECT_EQ(c.servers[1].where.column, 3);
}

TEST(ConfigParser, ReadsAServer) {
  Config c = parse_ok(full_config);
  const ServerConfig& web = c.servers.at(0);
  ASSERT_EQ(web.listen.size(), 1u);
  EXPECT_EQ(web.listen[0].endpoint, Endpoint::parse("tcp://127.0.0.1:8080"));
  EXPECT_EQ(web.listen[0].where.line, 6);
  EXPECT_EQ(web.listen[0].where.column, 13);
  EXPECT_EQ(web.processes, 1);
  EXPECT_EQ(web.shutdown_timeout, Duration(5s));
  EXPECT_EQ(web.policy.name, "threading");
  EXPECT_EQ(web.policy.key_path, "servers.web.policy");
  EXPECT_EQ(web.policy.where.line, 7);
  EXPECT_EQ(web.policy.where.column, 20);
}

TEST(ConfigParser, StoresComponentOptionsAsWritten) {
  Config c = parse_ok(full_config);
  const ServerConfig& web = c.servers.at(0);
  const RawOption& threads = web.policy.options.at("max_threads");
  EXPECT_EQ(threads.key_path, "servers.web.policy.max_threads");
  EXPECT_TRUE(threads.is_scalar);
  EXPECT_EQ(threads.scalar, "8");
  EXPECT_EQ(threads.where.column, 44);
  EXPECT_EQ(threads.key_where.column, 31);
  EXPECT_EQ(web.policy.options.count("type"), 0u);

  EXPECT_EQ(web.handler.name, "echo");
  EXPECT_TRUE(web.handler.path.empty());
  EXPECT_EQ(web.handler.options.at("greeting").scalar, "hi");
  const RawOption& tags = web.handler.options.at("tags");
  EXPECT_TRUE(tags.is_sequence);
  EXPECT_FALSE(tags.is_scalar);
  EXPECT_EQ(tags.items, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(tags.item_locations.size(), 2u);
  EXPECT_EQ(tags.item_locations[1].line, 10);
  EXPECT_EQ(tags.item_locations[1].column, 53);
  EXPECT_EQ(web.handler.options.count("plugin"), 0u);
}

TEST(ConfigParser, StoresANestedOptionForTheOptionCheckerToReport) {
  Config c = parse_ok(full_config);
  const RawOption& zone = c.servers.at(2).handler.options.at("zone");
  EXPECT_FALSE(zone.is_scalar);
  EXPECT_FALSE(zone.is_sequence);
  EXPECT_EQ(zone.where.line, 19);
  EXPECT_EQ(zone.where.column, 34);
}

TEST(ConfigParser, ReadsAListOfEndpointsInOrderWithTheirPlaces) {
  Config c = parse_ok(R"(servers:
  chat:
    listen: [tcp://127.0.0.1:7070, udp://127.0.0.1:7070]
    handler: {plugin: chat}
)");
  const ServerConfig& chat = c.servers.at(0);
  ASSERT_EQ(chat.listen.size(), 2u);
  EXPECT_EQ(chat.listen[0].endpoint, Endpoint::parse("tcp://127.0.0.1:7070"));
  EXPECT_EQ(chat.listen[1].endpoint, Endpoint::parse("udp://127.0.0.1:7070"));
  EXPECT_EQ(chat.listen[0].where.line, 3);
  EXPECT_EQ(chat.listen[0].where.column, 14);
  EXPECT_EQ(chat.listen[1].where.column, 36);
  EXPECT_EQ(endpoints_text(chat), "tcp://127.0.0.1:7070, udp://127.0.0.1:7070");
}

TEST(ConfigParser, ResolvesAHandlerPathAndReadsTheShortPolicyForm) {
  Config c = parse_ok(full_config);
  const ServerConfig& files = c.servers.at(1);
  EXPECT_EQ(files.listen.at(0).endpoint.path, "/tmp/files.sock");
  EXPECT_EQ(files.policy.name, "forking");
  EXPECT_EQ(files.policy.where.line, 13);
  EXPECT_EQ(files.policy.where.column, 13);
  EXPECT_EQ(files.handler.name, "");
  EXPECT_EQ(files.handler.path, "/etc/sockserv/lib/file.so");
  EXPECT_EQ(files.handler.where.line, 15);
  EXPECT_EQ(files.handler.options.at("root").scalar, "../www");  // resolved by its spec
}

TEST(ConfigParser, AppliesDefaults) {
  Config c = parse_ok(R"(
servers:
  echo: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}
)");
  EXPECT_TRUE(c.plugin_path.empty());
  EXPECT_EQ(c.log.level, LogLevel::info);
  EXPECT_EQ(c.shutdown_timeout, Duration(10s));
  ASSERT_EQ(c.servers.size(), 1u);
  const ServerConfig& echo = c.servers[0];
  EXPECT_EQ(echo.policy.name, "serial");
  EXPECT_EQ(echo.policy.key_path, "servers.echo.policy");
  EXPECT_TRUE(echo.policy.options.empty());
  EXPECT_EQ(echo.processes, 1);
  EXPECT_EQ(echo.shutdown_timeout, Duration(10s));
}

TEST(ConfigParser, TopLevelShutdownTimeoutAppliesWhereverItIsWritten) {
  Config c = parse_ok(R"(
servers:
  a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}
  b: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}, shutdown_timeout: 1s}
shutdown_timeout: 250ms
)");
  ASSERT_EQ(c.servers.size(), 2u);
  EXPECT_EQ(c.servers[0].shutdown_timeout, Duration(250ms));
  EXPECT_EQ(c.servers[1].shutdown_timeout, Duration(1s));
}

TEST(ConfigParser, AcceptsOnePluginFolderAsAString) {
  Config c = parse_ok(R"(
plugin_path: ../plugins
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)");
  EXPECT_EQ(c.plugin_path, (std::vector<std::filesystem::path>{"/etc/plugins"}));
}

TEST(ConfigParser, AllowsSeveralServersOnPortZero) {
  Config c = parse_ok(R"(
servers:
  a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}
  b: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}
  c: {listen: udp://127.0.0.1:7000, handler: {plugin: echo}}
  d: {listen: tcp://127.0.0.1:7000, handler: {plugin: echo}}
)");
  EXPECT_EQ(c.servers.size(), 4u);
}

/// A folder of its own under the system's temp folder, removed at the end of the test.
class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sockserv-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, std::string_view text) {
    std::filesystem::path file = dir_ / name;
    std::ofstream(file) << text;
    return file;
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigFile, ResolvesPathsAgainstTheFilesFolder) {
  auto file = write("app.yaml",
                    "plugin_path: plugins\n"
                    "servers: {a: {listen: tcp://127.0.0.1:0, handler: {path: lib/a.so}}}\n");
  ParseResult result = parse_file(file);
  ASSERT_TRUE(result.errors.empty()) << dump(result.errors);
  EXPECT_EQ(result.config->file, file);
  EXPECT_EQ(result.config->base_dir, dir_);
  EXPECT_EQ(result.config->plugin_path, (std::vector{dir_ / "plugins"}));
  EXPECT_EQ(result.config->servers.at(0).handler.path, dir_ / "lib/a.so");
}

TEST_F(ConfigFile, NamesTheFileInErrors) {
  auto file = write("bad.yaml", "servers:\n  a: {listen: tcp://127.0.0.1, handler: {plugin: x}}\n");
  ParseResult result = parse_file(file);
  ASSERT_EQ(result.errors.size(), 1u) << dump(result.errors);
  EXPECT_EQ(
      result.errors[0].to_string(),
      file.string() + ":2:15: servers.a.listen: bad endpoint 'tcp://127.0.0.1': missing ':PORT'");
}

TEST_F(ConfigFile, ReportsAMissingFile) {
  ParseResult result = parse_file(dir_ / "absent.yaml");
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 1u);
  const ConfigError& e = result.errors[0];
  EXPECT_EQ(e.where.file, (dir_ / "absent.yaml").string());
  EXPECT_EQ(e.where.line, 0);
  EXPECT_EQ(e.key_path, "");
  EXPECT_NE(e.message.find("cannot read the config file"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("No such file"), std::string::npos) << e.message;
}

TEST_F(ConfigFile, ReportsAFolderGivenAsTheFile) {
  ParseResult result = parse_file(dir_);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].message.find("is a folder"), std::string::npos);
}

TEST_F(ConfigFile, ReportsAnEmptyFile) {
  ParseResult result = parse_file(write("empty.yaml", "# nothing yet\n"));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].where.line, 0);
  EXPECT_NE(result.errors[0].message.find("the file is empty"), std::string::npos);
  EXPECT_NE(result.errors[0].message.find("servers:"), std::string::npos);
}

}  // namespace
}  // namespace sockserv::config
