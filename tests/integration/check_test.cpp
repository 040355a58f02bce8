// `sockserv check`: every class of config mistake is reported as file:line:column, key
// path, what is wrong and what would be right — and the exit status says so.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <sockserv/version.hpp>

#include <gtest/gtest.h>

#include <fstream>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;

class Check : public ::testing::Test {
 protected:
  /// Runs `sockserv check` on `yaml` (plugin_path: the test plugins).
  Finished check(const std::string& yaml) {
    path = (dir.path() / "c.yaml").string();
    std::ofstream(path) << "plugin_path: ['" TEST_PLUGIN_DIR "']\n" << yaml << allow_root_line;
    return run_to_end({SOCKSERV_BIN, "check", path});
  }
  /// Asserts the run failed with `message` reported at `line`:`column` under `key`.
  void expect_error(const Finished& r, int line, int column, const std::string& key,
                    const std::string& message) {
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::string where = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " +
                        key + ": ";
    EXPECT_NE(r.err.find(where), std::string::npos) << "expected at " << where << "\n" << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << "expected: " << message << "\n" << r.err;
  }

  TempDir dir;
  std::string path;
};

// The structural errors, one file each under tests/configs/broken, whose first line says
// the error it must produce.
TEST_F(Check, ReportsEachBrokenConfigAsItsHeaderSays) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(SOCKSERV_SOURCE_DIR "/tests/configs/broken")) {
    std::ifstream in(entry.path());
    std::string header;
    std::getline(in, header);
    ASSERT_TRUE(header.starts_with("# error: ")) << entry.path();
    auto r = run_to_end({SOCKSERV_BIN, "check", entry.path().string()});
    EXPECT_EQ(r.exit_code, 1) << entry.path();
    EXPECT_NE(r.err.find(entry.path().string() + ":" + header.substr(9)), std::string::npos)
        << entry.path() << "\n" << r.err;
    ++files;
  }
  EXPECT_GE(files, 12);
}

TEST_F(Check, UnknownPluginSuggestsTheNearestName) {
  auto r = check("servers:\n  web: {listen: 'tcp://127.0.0.1:0', handler: {plugin: ecoh}}\n");
  expect_error(r, 3, 56, "servers.web.handler.plugin", "unknown plugin 'ecoh'; did you mean 'echo'?");
}

TEST_F(Check, UnknownPolicyListsTheChoices) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n    policy: threadin\n"
                 "    handler: {plugin: echo}\n");
  expect_error(r, 5, 13, "servers.web.policy.type",
               "unknown policy 'threadin'; did you mean 'threading'? (built in: serial, threading");
}

TEST_F(Check, PluginOptionsAreTypedAndRanged) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n    handler:\n"
                 "      plugin: options_plugin\n"
                 "      count: many\n"        // line 7: not an integer
                 "      max_line: 2MiB\n"     // line 8: above max
                 "      timeout: 10q\n"       // line 9: not a duration
                 "      mode: slow\n"         // line 10: not a choice
                 "      mx_line: 1KiB\n");    // line 11: unknown
  expect_error(r, 7, 14, "servers.web.handler.count", "expected a whole number like 8, got 'many'");
  expect_error(r, 8, 17, "servers.web.handler.max_line", "must be between 16 and 1MiB, got 2MiB");
  expect_error(r, 9, 16, "servers.web.handler.timeout", "expected a duration like 30s");
  expect_error(r, 10, 13, "servers.web.handler.mode", "'slow' is not one of fast, safe");
  expect_error(r, 11, 7, "servers.web.handler.mx_line", "did you mean 'max_line'?");
  EXPECT_NE(r.err.find("5 errors"), std::string::npos) << r.err;
}

TEST_F(Check, PolicyOptionsAreChecked) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                 "    policy: {type: threading, max_threads: -1}\n    handler: {plugin: echo}\n");
  expect_error(r, 5, 44, "servers.web.policy.max_threads", "0");
}

TEST_F(Check, ThreadingStackAndIdleTimeoutAreChecked) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                 "    policy: {type: threading, stack_size: 1KiB, thread_idle_timeout: 0s}\n"
                 "    handler: {plugin: echo}\n");
  expect_error(r, 5, 43, "servers.web.policy.stack_size", "64KiB");
  expect_error(r, 5, 70, "servers.web.policy.thread_idle_timeout", "1ms");
}

TEST_F(Check, TransportThePluginDoesNotServe) {
  auto r = check("servers:\n  web:\n    listen: udp://127.0.0.1:0\n"
                 "    handler: {plugin: options_plugin}\n");
  expect_error(r, 4, 13, "servers.web.listen",
               "plugin 'options_plugin' does not serve udp (udp://127.0.0.1:0); it serves tcp, unix");
}

TEST_F(Check, ThePluginsOwnCheckSeesPolicyProcessesAndOptions) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                 "    policy: forking\n    processes: 4\n"
                 "    handler: {plugin: options_plugin, mode: safe}\n");
  expect_error(r, 7, 23, "servers.web.handler",
               "plugin 'options_plugin': mode: safe cannot run under policy 'forking'");
  EXPECT_NE(r.err.find("plugin 'options_plugin': processes: 4 is more than count: 3"),
            std::string::npos) << r.err;
  EXPECT_NE(r.err.find("2 errors"), std::string::npos) << r.err;
  auto fine = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                    "    policy: threading\n    processes: 2\n"
                    "    handler: {plugin: options_plugin, mode: safe}\n");
  EXPECT_EQ(fine.exit_code, 0) << fine.err;
}

TEST_F(Check, LibraryBuiltAgainstAnotherAbiIsRefusedWithBothVersions) {
  auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                 "    handler: {path: '" TEST_PLUGIN_DIR "/wrong_abi.so'}\n");
  expect_error(r, 5, 21, "servers.web.handler.path",
               "built for sockserv ABI 999, this sockserv has ABI " + std::to_string(SOCKSERV_ABI_VERSION));
}

TEST_F(Check, EveryLoaderErrorIsOneLineNamingThePath) {
  std::ofstream(dir.path() / "bogus.so") << "not a library";
  const std::pair<std::string, std::string> cases[] = {
      {dir / "missing.so", "no such file"},
      {dir / "bogus.so", "not a loadable shared library"},
      {TEST_PLUGIN_DIR "/no_manifest.so", "exports no 'sockserv_manifest'"},
      {TEST_PLUGIN_DIR "/no_factory.so", "exports no 'sockserv_plugin_info'"},
      {TEST_PLUGIN_DIR "/good_policy.so", "is a policy, not a handler plugin"},
  };
  for (const auto& [library, message] : cases) {
    auto r = check("servers:\n  web:\n    listen: tcp://127.0.0.1:0\n"
                   "    handler: {path: '" + library + "'}\n");
    expect_error(r, 5, 21, "servers.web.handler.path", "cannot load " + library + ": ");
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
  }
}

TEST_F(Check, ReportsEveryErrorOfAFileAtOnce) {
  auto r = check("servers:\n"
                 "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: nope}}\n"
                 "  b: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}, policy: fork}\n");
  expect_error(r, 3, 54, "servers.a.handler.plugin", "unknown plugin 'nope'");
  expect_error(r, 4, 69, "servers.b.policy.type", "unknown policy 'fork'");
  EXPECT_NE(r.err.find("2 errors"), std::string::npos) << r.err;
}

TEST_F(Check, BindsNothing) {
  // The same fixed port twice in a row: check must not hold it.
  const std::string yaml = "servers:\n  web: {listen: 'tcp://127.0.0.1:47999', handler: {plugin: echo}}\n";
  EXPECT_EQ(check(yaml).exit_code, 0);
  EXPECT_THROW(Client(Endpoint::parse("tcp://127.0.0.1:47999")), Error)
      << "nothing may listen after check";
}

}  // namespace
}  // namespace sockserv::test
