// The `sockserv` command as an operator uses it: check, run, plugins, --version.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <sockserv/version.hpp>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;
const std::string sockserv_bin = SOCKSERV_BIN;

TEST(Launcher, VersionNamesReleaseAndAbi) {
  auto r = run_to_end({sockserv_bin, "--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("sockserv 0.1.0 (plugin ABI " + std::to_string(SOCKSERV_ABI_VERSION)), std::string::npos) << r.out;
}

TEST(Launcher, UnknownCommandShowsUsage) {
  auto r = run_to_end({sockserv_bin, "serve"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown command 'serve'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: sockserv run FILE"), std::string::npos);
}

TEST(Launcher, CheckAcceptsTheShippedConfig) {
  auto r = run_to_end({sockserv_bin, "check", SOCKSERV_SOURCE_DIR "/conf/sockserv.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok, 6 servers"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("http: tcp://127.0.0.1:8080, plugin 'http'"), std::string::npos) << r.out;
}

TEST(Launcher, CheckAcceptsEveryShippedConfig) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(SOCKSERV_SOURCE_DIR "/conf")) {
    if (entry.path().extension() != ".yaml") continue;
    auto r = run_to_end({sockserv_bin, "check", entry.path().string()});
    EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.err;
    ++checked;
  }
  EXPECT_GE(checked, 6);
}

TEST(Launcher, CheckAcceptsTheHttpConfig) {
  auto r = run_to_end({sockserv_bin, "check", SOCKSERV_SOURCE_DIR "/conf/http.yaml"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok, 1 server"), std::string::npos) << r.out;
}

TEST(Launcher, RunServesEchoOnEveryTransportAndStopsOnSigterm) {
  TempDir dir;
  std::string config = write_config(dir, "run.yaml",
                                    "servers:\n"
                                    "  t4: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}, "
                                    "policy: {type: threading, max_threads: 4}}\n"
                                    "  t6: {listen: 'tcp://[::1]:0', handler: {plugin: echo}}\n"
                                    "  u4: {listen: 'udp://127.0.0.1:0', handler: {plugin: echo}}\n"
                                    "  us: {listen: 'unix://" + dir / "s.sock" + "', handler: {plugin: echo}}\n"
                                    "  ug: {listen: 'unixgram://" + dir / "g.sock" + "', handler: {plugin: echo}}\n");
  Process p({sockserv_bin, "run", config});
  for (const char* name : {"t4", "t6", "u4", "us", "ug"}) {
    ASSERT_TRUE(p.wait_for_output(std::string("[") + name + "] listening on", 20s)) << p.err();
    auto endpoint = listening(p, name);
    ASSERT_TRUE(endpoint) << p.err();
    Client client(*endpoint);
    client.send("ping from " + std::string(name));
    EXPECT_EQ(client.receive(std::string("ping from ").size() + std::strlen(name)),
              "ping from " + std::string(name));
  }
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << "sockserv did not stop on SIGTERM\n" << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
  EXPECT_FALSE(fs::exists(dir.path() / "s.sock")) << "unix socket files are removed at exit";
  EXPECT_FALSE(fs::exists(dir.path() / "g.sock"));
}

TEST(Launcher, SigintDrainsAnOpenConnectionAndExitsZero) {
  TempDir dir;
  std::string config = write_config(dir, "run.yaml",
                                    "shutdown_timeout: 200ms\n"
                                    "servers:\n"
                                    "  web: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n");
  Process p({sockserv_bin, "run", config});
  ASSERT_TRUE(p.wait_for_output("[web] listening on", 20s)) << p.err();
  Client idle(*listening(p, "web"));  // never closes: must be cut at the drain deadline
  idle.send("x");
  ASSERT_EQ(idle.receive(1), "x");
  p.signal(SIGINT);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
  EXPECT_TRUE(idle.wait_closed());
}

TEST(Launcher, RunRefusesAPortInUseNamingTheConfigLine) {
  int busy = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(busy, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
  ASSERT_EQ(::listen(busy, 1), 0);
  socklen_t len = sizeof sin;
  ::getsockname(busy, reinterpret_cast<sockaddr*>(&sin), &len);
  std::string port = std::to_string(ntohs(sin.sin_port));
  TempDir dir;
  std::string config = write_config(dir, "busy.yaml",
                                    "servers:\n"
                                    "  web:\n"
                                    "    handler: {plugin: echo}\n"
                                    "    listen: tcp://127.0.0.1:" + port + "\n");
  auto r = run_to_end({sockserv_bin, "run", config});
  ::close(busy);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(config + ":4:13: servers.web.listen: cannot listen on tcp://127.0.0.1:" +
                       port + ": Address already in use"),
            std::string::npos)
      << r.err;
}

TEST(Launcher, AServerThatFailsToStartDoesNotStopTheOthers) {
  TempDir dir;
  std::string config = write_config(
      dir, "partial.yaml",
      "servers:\n"
      "  broken: {listen: 'tcp://127.0.0.1:0', handler: {path: '" TEST_PLUGIN_DIR "/throwing_ctor.so'}}\n"
      "  fine: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n");
  Process p({sockserv_bin, "run", config});
  ASSERT_TRUE(p.wait_for_output("[fine] listening on", 20s)) << p.err();
  ASSERT_TRUE(p.wait_for_output("server 'broken' exited with status 2", 20s)) << p.err();
  EXPECT_FALSE(p.lines_with("[broken] failed to start").empty()) << p.err();
  {
    Client client(*listening(p, "fine"));
    client.send("still here");
    EXPECT_EQ(client.receive(10), "still here");
  }  // closed: the stop need not wait out its drain
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1) << "a failed server is reported";
}

TEST(Launcher, PluginsListsWhatItFoundAndWhyItRejectedTheRest) {
  auto r = run_to_end({sockserv_bin, "plugins", "--plugin-path", TEST_PLUGIN_DIR});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& expected : std::vector<std::string>{
           "good_plugin 1.2.3", "allow (bool, default 'true'): answer of verify_request",
        "echo 1.0.0", "transports: tcp, udp, unix, unixgram", "good_policy",
        "threading " SOCKSERV_VERSION "  (built in)", "max_threads (integer, default '0', min 0",
        "idle_threads (integer, default '64', min 0", "thread_idle_timeout (duration, default '10s'",
        "stack_size (size, default '256KiB', min 64KiB",
        "rejected:", "wrong_abi.so: built for sockserv ABI 999, this sockserv has ABI " + std::to_string(SOCKSERV_ABI_VERSION),
        "no_manifest.so: is a shared library but not a sockserv plugin",
        "searched: " TEST_PLUGIN_DIR})
    EXPECT_NE(r.out.find(expected), std::string::npos) << "missing: " << expected << "\n" << r.out;
}

}  // namespace
}  // namespace sockserv::test
