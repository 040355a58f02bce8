// The parser on broken configs: every mistake is reported with its line, column and key
// path, says what was expected, and does not stop the parse.
#include "config_test_support.hpp"

#include <gtest/gtest.h>

namespace sockserv::config {
namespace {

using testing::dump;
using testing::error_at;
using testing::expect_error;
using testing::expect_only_error;
using testing::parse;

// --- The file as a whole -----------------------------------------------------------

TEST(ConfigErrors, YamlSyntaxErrorUsesTheParsersPosition) {
  expect_only_error(R"(
log: {level: info}
servers:
  web:
    listen: tcp://127.0.0.1:80
   handler: {plugin: echo}
)",
                    5, 4, "", {"YAML syntax error", "end of map not found"});
}

TEST(ConfigErrors, TopLevelMustBeAMap) {
  expect_only_error(R"(
- web
- dns
)",
                    1, 1, "", {"expected a map of settings", "servers", "got a list"});
}

TEST(ConfigErrors, EmptyTextIsReported) {
  ParseResult result = parse("");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(),
            "/etc/sockserv/test.yaml: the file is empty; expected at least servers: {web: "
            "{listen: tcp://127.0.0.1:8080, handler: {plugin: echo}}}");
}

TEST(ConfigErrors, SecondDocumentIsReported) {
  expect_only_error(R"(
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
---
servers: {}
)",
                    3, 1, "", {"second YAML document", "holds one"});
}

// --- Unknown keys ---------------------------------------------------------------------

TEST(ConfigErrors, UnknownTopLevelKeySuggestsTheNearest) {
  ParseResult result = parse(R"(
servres:
  web: {listen: tcp://127.0.0.1:80, handler: {plugin: echo}}
)");
  expect_error(error_at(result, "servres"), 1, 1, "servres",
               {"unknown key 'servres'", "did you mean 'servers'?",
                "valid keys: plugin_path, log, shutdown_timeout, servers"});
}

TEST(ConfigErrors, UnknownServerKeySuggestsTheNearest) {
  ParseResult result = parse(R"(
servers:
  web:
    lisen: tcp://127.0.0.1:80
    handler: {plugin: echo}
)");
  ASSERT_EQ(result.errors.size(), 2u) << dump(result.errors);
  expect_error(result.errors[0], 2, 3, "servers.web.listen", {"missing required key 'listen'"});
  expect_error(result.errors[1], 3, 5, "servers.web.lisen",
               {"unknown key 'lisen'", "did you mean 'listen'?",
                "valid keys: listen, policy, processes, shutdown_timeout, handler"});
}

TEST(ConfigErrors, UnknownKeyFarFromAnyListsTheValidOnes) {
  ParseResult result = parse(R"(
servers:
  web: {listen: tcp://127.0.0.1:80, handler: {plugin: echo}, port: 80}
)");
  ConfigError e = error_at(result, "servers.web.port");
  expect_error(e, 2, 62, "servers.web.port", {"unknown key 'port'", "valid keys: listen,"});
  EXPECT_EQ(e.message.find("did you mean"), std::string::npos) << e.message;
}

TEST(ConfigErrors, UnknownLogKey) {
  expect_only_error(R"(
log: {levle: debug}
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)",
                    1, 7, "log.levle",
                    {"unknown key 'levle'", "did you mean 'level'?", "valid keys: level"});
}

// --- Wrong types --------------------------------------------------------------------

TEST(ConfigErrors, LogMustBeAMap) {
  expect_only_error(R"(
log: info
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)",
                    1, 6, "log", {"expected a map like {level: info, format: text}", "got 'info'"});
}

TEST(ConfigErrors, ShutdownTimeoutMustBeADuration) {
  expect_only_error(R"(
shutdown_timeout: abc
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)",
                    1, 19, "shutdown_timeout",
                    {"expected a duration like 30s or 250ms", "got 'abc'"});
}

TEST(ConfigErrors, ServerShutdownTimeoutMustBeADuration) {
  expect_only_error(R"(
servers:
  a:
    listen: tcp://127.0.0.1:0
    handler: {plugin: echo}
    shutdown_timeout: 5 seconds
)",
                    5, 23, "servers.a.shutdown_timeout",
                    {"expected a duration", "got '5 seconds'"});
}

TEST(ConfigErrors, ServerMustBeAMap) {
  expect_only_error(
      R"(
servers:
  web: tcp://127.0.0.1:80
)",
      2, 8, "servers.web",
      {"expected a map of the server's settings", "listen", "handler", "got 'tcp://127.0.0.1:80'"});
}

TEST(ConfigErrors, ListenMustBeAScalar) {
  expect_only_error(R"(
servers:
  web:
    listen: {host: 127.0.0.1, port: 80}
    handler: {plugin: echo}
)",
                    3, 13, "servers.web.listen",
                    {"expected an endpoint like tcp://127.0.0.1:8080", "got a map"});
}

TEST(ConfigErrors, PluginPathMustBeFolders) {
  ParseResult result = parse(R"(
plugin_path: [build/plugins, {dir: x}, ""]
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)");
  ASSERT_EQ(result.errors.size(), 2u) << dump(result.errors);
  expect_error(result.errors[0], 1, 30, "plugin_path",
               {"expected a folder or a list of folders", "got a map"});
  expect_error(result.errors[1], 1, 40, "plugin_path", {"got ''"});
}

TEST(ConfigErrors, HandlerMustBeAMap) {
  expect_only_error(R"(
servers:
  web: {listen: tcp://127.0.0.1:80, handler: echo}
)",
                    2, 46, "servers.web.handler",
                    {"expected a map like {plugin: echo}", "got 'echo'"});
}

TEST(ConfigErrors, PolicyMustBeANameOrAMap) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    policy: [threading]
    handler: {plugin: echo}
)",
                    4, 13, "servers.web.policy",
                    {"expected a policy name like threading", "{type: threading", "got a list"});
}

TEST(ConfigErrors, OptionWithoutAValue) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    handler:
      plugin: echo
      greeting:
)",
                    6, 7, "servers.web.handler.greeting", {"has no value", "remove the key"});
}

TEST(ConfigErrors, EmptyValueIsLocatedAtItsKey) {
  // yaml-cpp marks an empty value at the next token; the key is where the mistake is.
  expect_only_error(R"(
servers:
  web:
    listen:

    handler: {plugin: echo}
)",
                    3, 5, "servers.web.listen", {"expected an endpoint", "got nothing"});
}

// --- Missing keys -------------------------------------------------------------------

TEST(ConfigErrors, MissingServers) {
  expect_only_error(R"(
# no servers yet
log: {level: info}
)",
                    2, 1, "servers", {"missing required key 'servers'", "servers: {web: {listen:"});
}

TEST(ConfigErrors, MissingListenAndHandler) {
  ParseResult result = parse(R"(
servers:
  web:
    policy: threading
)");
  ASSERT_EQ(result.errors.size(), 2u) << dump(result.errors);
  expect_error(error_at(result, "servers.web.listen"), 2, 3, "servers.web.listen",
               {"missing required key 'listen'", "listen: tcp://127.0.0.1:8080"});
  expect_error(error_at(result, "servers.web.handler"), 2, 3, "servers.web.handler",
               {"missing required key 'handler'", "handler: {plugin: echo}"});
}

TEST(ConfigErrors, HandlerNeedsPluginOrPath) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    handler: {greeting: hi}
)",
                    4, 5, "servers.web.handler",
                    {"missing 'plugin' or 'path'", "plugin: echo", "path: "});
}

TEST(ConfigErrors, HandlerTakesPluginOrPathNotBoth) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    handler:
      plugin: echo
      path: lib/echo.so
)",
                    6, 7, "servers.web.handler", {"either 'plugin'", "or 'path'", "not both"});
}

TEST(ConfigErrors, PolicyMapNeedsAType) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    policy: {max_threads: 8}
    handler: {plugin: echo}
)",
                    4, 5, "servers.web.policy", {"missing 'type'", "{type: threading}"});
}

TEST(ConfigErrors, PluginNameMustNotBeEmpty) {
  expect_only_error(R"(
servers:
  web: {listen: tcp://127.0.0.1:80, handler: {plugin: ""}}
)",
                    2, 55, "servers.web.handler.plugin",
                    {"expected a plugin name like echo", "got ''"});
}

// --- Values -------------------------------------------------------------------------

TEST(ConfigErrors, BadEndpointUsesTheEndpointParsersMessage) {
  expect_only_error(
      R"(
servers:
  web:
    listen: http://127.0.0.1:80
    handler: {plugin: echo}
)",
      3, 13, "servers.web.listen",
      {"bad endpoint 'http://127.0.0.1:80'", "unknown scheme 'http'", "tcp://HOST:PORT"});
}

TEST(ConfigErrors, BadServerName) {
  expect_only_error(R"(
servers:
  web/1: {listen: tcp://127.0.0.1:80, handler: {plugin: echo}}
)",
                    2, 3, "servers.web/1",
                    {"bad server name 'web/1'", "letters, digits, '_', '.' and '-'"});
}

TEST(ConfigErrors, EmptyServersMap) {
  expect_only_error(R"(
plugin_path: plugins
servers: {}
)",
                    2, 10, "servers", {"no servers defined", "define at least one"});
}

TEST(ConfigErrors, ServersWithoutAValue) {
  expect_only_error(R"(
servers:
log: {level: info}
)",
                    1, 1, "servers", {"no servers defined"});
}

TEST(ConfigErrors, DuplicateServerName) {
  expect_only_error(R"(
servers:
  web: {listen: tcp://127.0.0.1:80, handler: {plugin: echo}}
  api: {listen: tcp://127.0.0.1:81, handler: {plugin: echo}}
  web: {listen: tcp://127.0.0.1:82, handler: {plugin: echo}}
)",
                    4, 3, "servers.web",
                    {"duplicate server name 'web'", "first defined at line 2, column 3"});
}

TEST(ConfigErrors, DuplicateKeyInAServer) {
  expect_only_error(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    handler: {plugin: echo}
    listen: tcp://127.0.0.1:81
)",
                    5, 5, "servers.web.listen",
                    {"duplicate key 'listen'", "first defined at line 3, column 5"});
}

TEST(ConfigErrors, DuplicateEndpointNamesTheOtherServer) {
  expect_only_error(R"(
servers:
  web: {listen: tcp://127.0.0.1:8080, handler: {plugin: echo}}
  api:
    listen: tcp://127.0.0.1:8080
    handler: {plugin: echo}
)",
                    4, 13, "servers.api.listen",
                    {"tcp://127.0.0.1:8080 is already used by server 'web'", "line 2, column 17"});
}

TEST(ConfigErrors, DuplicateUnixEndpoint) {
  expect_only_error(R"(
servers:
  a: {listen: unix:///run/a.sock, handler: {plugin: echo}}
  b: {listen: unix:///run/a.sock, handler: {plugin: echo}}
)",
                    3, 15, "servers.b.listen",
                    {"unix:///run/a.sock is already used by server 'a'"});
}

// --- listen: a list of endpoints -----------------------------------------------------

TEST(ConfigErrors, EachBadItemOfAListenListIsReportedAtTheItem) {
  auto result = parse(R"(
servers:
  chat:
    listen: [tcp://127.0.0.1, udp://127.0.0.1:7070, {port: 1}, http://x:1]
    handler: {plugin: chat}
)");
  ASSERT_EQ(result.errors.size(), 3u) << dump(result.errors);
  expect_error(result.errors[0], 3, 14, "servers.chat.listen",
               {"bad endpoint 'tcp://127.0.0.1': missing ':PORT'"});
  expect_error(result.errors[1], 3, 53, "servers.chat.listen",
               {"expected an endpoint like", "or a list of them", "got a map"});
  expect_error(result.errors[2], 3, 64, "servers.chat.listen", {"unknown scheme 'http'"});
}

TEST(ConfigErrors, AnEmptyListenListIsAnError) {
  expect_only_error(R"(
servers:
  web: {listen: [], handler: {plugin: echo}}
)",
                    2, 17, "servers.web.listen", {"an empty list; give at least one endpoint"});
}

TEST(ConfigErrors, AnEndpointListedTwiceInOneServer) {
  expect_only_error(R"(
servers:
  web:
    listen:
      - tcp://127.0.0.1:8080
      - udp://127.0.0.1:8080
      - tcp://127.0.0.1:8080
    handler: {plugin: echo}
)",
                    6, 9, "servers.web.listen",
                    {"endpoint tcp://127.0.0.1:8080 is listed twice (first at line 4, column 9)",
                     "list each endpoint once"});
}

TEST(ConfigErrors, AListedEndpointAlreadyUsedByAnotherServer) {
  expect_only_error(R"(
servers:
  web: {listen: udp://127.0.0.1:7070, handler: {plugin: echo}}
  chat:
    listen: [tcp://127.0.0.1:7070, udp://127.0.0.1:7070]
    handler: {plugin: chat}
)",
                    4, 36, "servers.chat.listen",
                    {"udp://127.0.0.1:7070 is already used by server 'web' (line 2, column 17)"});
}

TEST(ConfigErrors, PortZeroMayBeListedMoreThanOnce) {
  auto result = parse(R"(
servers:
  web: {listen: [tcp://127.0.0.1:0, tcp://127.0.0.1:0], handler: {plugin: echo}}
)");
  EXPECT_TRUE(result.errors.empty()) << dump(result.errors);
  ASSERT_TRUE(result.config);
  EXPECT_EQ(result.config->servers.at(0).listen.size(), 2u);
}

TEST(ConfigErrors, BadLogLevelSuggestsTheNearest) {
  expect_only_error(R"(
log:
  level: infoo
servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}
)",
                    2, 10, "log.level",
                    {"unknown log level 'infoo'", "did you mean 'info'?",
                     "valid levels: trace, debug, info, warn, error, critical, off"});
}

TEST(ConfigErrors, ProcessesMustBeAWholeNumber) {
  for (const char* bad : {"two", "1.5", "", "[2]"}) {
    SCOPED_TRACE(bad);
    ParseResult result = parse(std::string(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    processes: )") + bad + R"(
    handler: {plugin: echo}
)");
    ASSERT_EQ(result.errors.size(), 1u) << dump(result.errors);
    EXPECT_EQ(result.errors[0].key_path, "servers.web.processes");
    EXPECT_NE(result.errors[0].message.find("a whole number of processes, 1 to 1024"),
              std::string::npos)
        << result.errors[0].message;
  }
}

TEST(ConfigErrors, ProcessesMustBeFrom1To1024) {
  for (auto [bad, message] : {std::pair{"0", "must be at least 1, got 0"},
                              std::pair{"-1", "must be at least 1, got -1"},
                              std::pair{"1025", "must be at most 1024, got 1025"}}) {
    SCOPED_TRACE(bad);
    expect_only_error(std::string(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    processes: )") + bad + R"(
    handler: {plugin: echo}
)",
                      4, 16, "servers.web.processes", {message});
  }
}

TEST(ConfigErrors, ProcessesUpTo1024AreAccepted) {
  for (int n : {1, 2, 1024}) {
    ParseResult result = parse(R"(
servers:
  web:
    listen: tcp://127.0.0.1:80
    processes: )" + std::to_string(n) + R"(
    handler: {plugin: echo}
)");
    ASSERT_TRUE(result.config) << dump(result.errors);
    EXPECT_EQ(result.config->servers.at(0).processes, n);
  }
}

// --- Many mistakes at once --------------------------------------------------------

TEST(ConfigErrors, EveryMistakeIsReportedInFileOrder) {
  ParseResult result = parse(R"(
plugin_path: [plugins]
log: {level: loud}
shutdown_timeout: soon
servers:
  web:
    listen: tcp://127.0.0.1:99999
    policy: {max_threads: 8}
    handler: {plugin: echo, path: echo.so}
  web 2:
    lisen: tcp://127.0.0.1:81
    processes: 0
    handler: {greeting: hi}
  ok:
    listen: tcp://127.0.0.1:82
    handler: {plugin: echo}
  dup:
    listen: tcp://127.0.0.1:82
    handler: {plugin: echo}
colour: blue
)");
  EXPECT_FALSE(result.config.has_value());
  std::vector<std::string> expected{
      "2:14: log.level: unknown log level 'loud'",
      "3:19: shutdown_timeout: expected a duration",
      "6:13: servers.web.listen: bad endpoint 'tcp://127.0.0.1:99999': port 99999 is out of range",
      "7:5: servers.web.policy: missing 'type'",
      "8:29: servers.web.handler: give either 'plugin'",
      "9:3: servers.web 2: bad server name 'web 2'",
      "9:3: servers.web 2.listen: missing required key 'listen'",
      "10:5: servers.web 2.lisen: unknown key 'lisen'; did you mean 'listen'?",
      "11:16: servers.web 2.processes: must be at least 1, got 0",
      "12:5: servers.web 2.handler: missing 'plugin' or 'path'",
      "17:13: servers.dup.listen: endpoint tcp://127.0.0.1:82 is already used by server 'ok'",
      "19:1: colour: unknown key 'colour'",
  };
  ASSERT_EQ(result.errors.size(), expected.size()) << dump(result.errors);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    std::string got = result.errors[i].to_string();
    std::string want = testing::test_file.string() + ":" + expected[i];
    EXPECT_EQ(got.substr(0, want.size()), want) << "error " << i;
  }
}

}  // namespace
}  // namespace sockserv::config
