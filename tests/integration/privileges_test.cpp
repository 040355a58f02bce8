// `user:`, `group:` and `allow_root:`: `sockserv run` binds as root, then every process and
// every piece of plugin code runs as the configured user. Most of these need root (the
// suite runs as root in CI); as anyone else they skip, saying so.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <set>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;
const std::string sockserv_bin = SOCKSERV_BIN;

#define REQUIRE_ROOT()                                                                     \
  if (::geteuid() != 0)                                                                    \
  GTEST_SKIP() << "needs root: only root switches users and binds ports below 1024"

const passwd& nobody() {
  static const passwd* pw = ::getpwnam("nobody");
  if (!pw) throw std::runtime_error("this system has no user 'nobody'");
  return *pw;
}

/// mkdtemp makes folders 0700; the switched user must read the configs in it.
void open_to_all(const fs::path& dir) {
  fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                           fs::perms::others_read | fs::perms::others_exec);
}

/// A port below 1024 free on 127.0.0.1 right now, found by binding (as root); 0 if none.
int free_low_port() {
  for (int port = 1023; port >= 600; --port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(std::uint16_t(port));
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool free = ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) == 0;
    ::close(fd);
    if (free) return port;
  }
  return 0;
}

/// The ids after `key` ("Uid:", "Gid:", "Groups:") in /proc/PID/status.
std::vector<long> ids_of(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::vector<long> ids;
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(key)) {
      std::istringstream fields(line.substr(key.size()));
      for (long id; fields >> id;) ids.push_back(id);
    }
  return ids;
}

/// The pids the supervisor logged starting for `server`.
std::vector<pid_t> started_pids(const Process& p, const std::string& server) {
  std::vector<pid_t> pids;
  std::regex started("server '" + server + "(#\\d+)?' started \\(pid (\\d+)\\)");
  for (const auto& line : p.lines_with("server '" + server)) {
    std::smatch m;
    if (std::regex_search(line, m, started)) pids.push_back(std::stoi(m[2].str()));
  }
  return pids;
}

/// Asserts `pid` runs as nobody, real, effective, saved and filesystem ids, with only
/// nobody's groups.
void expect_nobody(pid_t pid) {
  SCOPED_TRACE("pid " + std::to_string(pid));
  long uid = nobody().pw_uid, gid = nobody().pw_gid;
  EXPECT_EQ(ids_of(pid, "Uid:"), std::vector<long>(4, uid));
  EXPECT_EQ(ids_of(pid, "Gid:"), std::vector<long>(4, gid));
  int n = 64;
  std::vector<gid_t> listed(64);
  ASSERT_GE(::getgrouplist(nobody().pw_name, nobody().pw_gid, listed.data(), &n), 0);
  std::set<long> expected(listed.begin(), listed.begin() + n);
  auto groups = ids_of(pid, "Groups:");
  EXPECT_EQ(std::set<long>(groups.begin(), groups.end()), expected);
}

void stop(Process& p) {
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

TEST(Privileges, ProcessesAndPluginCodeRunAsTheUserAfterALowPortIsBound) {
  REQUIRE_ROOT();
  TempDir dir;
  open_to_all(dir.path());
  int port = free_low_port();
  ASSERT_NE(port, 0) << "no free port below 1024";
  auto config = write_config_exactly(
      dir, "drop.yaml",
      "plugin_path: ['" TEST_PLUGIN_DIR "']\n"
      "user: nobody\n"
      "servers:\n"
      "  low: {listen: 'tcp://127.0.0.1:" + std::to_string(port) + "', handler: {plugin: euid_probe}}\n"
      "  pair: {listen: 'tcp://127.0.0.1:0', handler: {plugin: euid_probe}, processes: 2}\n");
  Process p({sockserv_bin, "run", config});
  for (const char* label : {"low", "pair#1", "pair#2"})
    ASSERT_TRUE(p.wait_for_output(std::string("[") + label + "] listening on", 20s)) << p.err();
  // The supervisor logs "started" itself: its line may come after a worker's "listening".
  for (const char* name : {"'low'", "'pair#1'", "'pair#2'"})
    ASSERT_TRUE(p.wait_for_output(std::string("server ") + name + " started", 20s)) << p.err();

  expect_nobody(p.pid());  // the supervisor
  auto workers = started_pids(p, "low");
  auto pair = started_pids(p, "pair");
  workers.insert(workers.end(), pair.begin(), pair.end());
  ASSERT_EQ(workers.size(), 3u) << p.err();
  for (pid_t worker : workers) expect_nobody(worker);

  std::string u = std::to_string(nobody().pw_uid);
  Client client(Endpoint::parse("tcp://127.0.0.1:" + std::to_string(port)));
  EXPECT_EQ(client.receive_line(), "static=" + u + " info=" + u + " ctor=" + u + " handler=" + u + "\n");
  auto probes = p.lines_with("euid_probe: ");
  EXPECT_FALSE(probes.empty()) << p.err();
  for (const auto& line : probes) EXPECT_NE(line.find("ran as euid " + u), std::string::npos) << line;
  stop(p);
}

TEST(Privileges, RootWithoutUserOrAllowRootIsRefusedBeforeAnyPluginLoads) {
  REQUIRE_ROOT();
  TempDir dir;
  for (const char* command : {"run", "check"}) {
    SCOPED_TRACE(command);
    auto config = write_config_exactly(dir, "root.yaml",
                                       "plugin_path: ['" TEST_PLUGIN_DIR "']\n"
                                       "servers:\n"
                                       "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: euid_probe}}\n");
    auto r = run_to_end({sockserv_bin, command, config});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(config + ": sockserv runs as root and would run plugin code as root: "
                                  "set `user:` to an unprivileged user (e.g. `user: nobody`)"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("or `allow_root: true` to run plugins as root"), std::string::npos);
    EXPECT_EQ(r.err.find("euid_probe:"), std::string::npos) << "the plugin was loaded:\n" << r.err;

    config = write_config_exactly(dir, "root.yaml",
                                  "allow_root: no\n"
                                  "servers:\n"
                                  "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n");
    r = run_to_end({sockserv_bin, command, config});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find(config + ":1:13: allow_root: sockserv runs as root"), std::string::npos)
        << r.err;
  }
}

TEST(Privileges, CheckAsRootLoadsPluginsAsTheUser) {
  REQUIRE_ROOT();
  TempDir dir;
  open_to_all(dir.path());
  auto config = write_config_exactly(dir, "check.yaml",
                                     "plugin_path: ['" TEST_PLUGIN_DIR "']\n"
                                     "user: nobody\n"
                                     "servers:\n"
                                     "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: euid_probe}}\n");
  auto r = run_to_end({sockserv_bin, "check", config});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("ok, 1 server, plugins run as user 'nobody'"), std::string::npos) << r.out;
  std::string u = std::to_string(nobody().pw_uid);
  EXPECT_NE(r.err.find("euid_probe: static initialiser ran as euid " + u), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("euid_probe: info() ran as euid " + u), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("ran as euid 0"), std::string::npos) << r.err;
}

TEST(Privileges, UnknownUserIsAConfigErrorAtItsLine) {
  TempDir dir;
  auto config = write_config_exactly(dir, "who.yaml",
                                     "servers:\n"
                                     "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n"
                                     "user: no-such-sockserv-user\n");
  for (const char* command : {"run", "check"}) {
    auto r = run_to_end({sockserv_bin, command, config});
    EXPECT_EQ(r.exit_code, 1) << command;
    EXPECT_NE(r.err.find(config + ":3:7: user: unknown user 'no-such-sockserv-user'"),
              std::string::npos)
        << r.err;
  }
}

TEST(Privileges, AUnixSocketFileIsHandedToTheUserAndRemovedAtStop) {
  REQUIRE_ROOT();
  TempDir dir;
  open_to_all(dir.path());
  fs::create_directory(dir.path() / "run");
  // the folder the user removes the file from at stop, as /run/sockserv would be
  ASSERT_EQ(::chown((dir.path() / "run").c_str(), nobody().pw_uid, nobody().pw_gid), 0);
  std::string socket = dir / "run/s.sock";
  auto config = write_config_exactly(dir, "unix.yaml",
                                     "user: nobody\n"
                                     "servers:\n"
                                     "  us: {listen: 'unix://" + socket + "', handler: {plugin: echo}}\n");
  Process p({sockserv_bin, "run", config});
  ASSERT_TRUE(p.wait_for_output("[us] listening on", 20s)) << p.err();
  struct stat st {};
  ASSERT_EQ(::stat(socket.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, nobody().pw_uid);
  EXPECT_EQ(st.st_gid, nobody().pw_gid);
  {
    Client client(Endpoint::parse("unix://" + socket));
    client.send("over unix\n");
    EXPECT_EQ(client.receive_line(), "over unix\n");
  }
  stop(p);
  EXPECT_FALSE(fs::exists(socket)) << "the switched supervisor removes its socket file";
}

TEST(Privileges, AReloadCannotBindALowPortAfterTheSwitchAndSaysWhy) {
  REQUIRE_ROOT();
  TempDir dir;
  open_to_all(dir.path());
  std::string head = "user: nobody\nservers:\n"
                     "  a: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n";
  auto config = write_config_exactly(dir, "reload.yaml", head);
  Process p({sockserv_bin, "run", config});
  ASSERT_TRUE(p.wait_for_output("[a] listening on", 20s)) << p.err();
  int port = free_low_port();
  ASSERT_NE(port, 0);
  write_config_exactly(dir, "reload.yaml",
                       head + "  b: {listen: 'tcp://127.0.0.1:" + std::to_string(port) +
                           "', handler: {plugin: echo}}\n");
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("server 'b' is not started", 20s)) << p.err();
  auto lines = p.lines_with("server 'b' is not started");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(":4:"), std::string::npos) << "located in the config: " << lines[0];
  EXPECT_NE(lines[0].find("Permission denied"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("sockserv switched to user 'nobody' after binding its listeners at "
                          "start, and that user cannot bind a port below 1024: restart sockserv"),
            std::string::npos)
      << lines[0];
  stop(p);
}

}  // namespace
}  // namespace sockserv::test
