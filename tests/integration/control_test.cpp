// The control socket and `sockserv ctl`: status, reload, stop and errors as an operator sees
// them, the JSON parsed by python3's json module (a stock parser, not ours); a silent client
// does not hold the supervisor up; a stale socket file is replaced, a live one refused.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <sockserv/version.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;
constexpr auto startup = 20s;

/// Prints a ctl reply (the file argv[1]) as lines of words the test compares: python3's
/// json.loads does the parsing, so a reply that is not valid JSON fails here.
constexpr const char* flatten = R"PY(
import json, sys
r = json.load(open(sys.argv[1]))
print('ok', r['ok'])
for k in ('error', 'version', 'pid', 'config', 'stopping'):
    if k in r: print(k, r[k])
if 'uptime_seconds' in r: print('uptime_nonnegative', r['uptime_seconds'] >= 0)
for e in r.get('errors', []): print('config_error', e)
for k in ('kept', 'restarted', 'started', 'stopped'):
    if k in r: print(k, *r[k])
for s in r.get('servers', []):
    c = s['counters']
    print('server', s['name'], 'endpoints', *s['endpoints'])
    print('server', s['name'], 'plugin', s['plugin']['name'], 'policy', s['policy'],
          'processes', s['processes'], 'running', len(s['pids']), 'restarts', s['restarts'])
    print('server', s['name'], 'pids', *s['pids'])
    print('server', s['name'], 'accepted', c['accepted'], 'bytes_in', c['bytes_in'],
          'bytes_out', c['bytes_out'], 'refused', *sorted(c['refused']))
)PY";

/// A `sockserv ctl` run: exit code, what it printed, and its reply flattened by `flatten`.
struct CtlResult {
  Finished run;
  std::string flat;  ///< one fact per line; empty when there was no reply to parse
  bool has(const std::string& line) const {
    return ("\n" + flat).find("\n" + line + "\n") != std::string::npos;
  }
};

CtlResult ctl(const TempDir& dir, const std::string& socket, const std::string& command) {
  CtlResult r{run_to_end({SOCKSERV_BIN, "ctl", socket, command}), ""};
  if (r.run.out.empty()) return r;
  std::ofstream(dir.path() / "reply.json", std::ios::trunc) << r.run.out;
  std::ofstream(dir.path() / "flatten.py", std::ios::trunc) << flatten;
  auto parsed = run_to_end({PYTHON3_BIN, dir / "flatten.py", dir / "reply.json"});
  EXPECT_EQ(parsed.exit_code, 0) << "not the JSON expected: " << r.run.out << parsed.err;
  r.flat = parsed.out;
  return r;
}

/// An echo server on a free port; `more` adds keys inside its map.
std::string echo(const std::string& name, const std::string& more = "") {
  return "  " + name + ": {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}" + more + "}\n";
}

/// A config with the control socket `ctl.sock` beside it.
std::string with_control(const std::string& servers) {
  return "control: ctl.sock\nshutdown_timeout: 2s\nservers:\n" + servers;
}

Endpoint wait_listening(Process& p, const std::string& label) {
  EXPECT_TRUE(p.wait_for_output("[" + label + "] listening on", startup)) << p.err();
  auto endpoint = listening(p, label);
  if (!endpoint) throw std::runtime_error(label + " never listened:\n" + p.err());
  return *endpoint;
}

/// The echo of `text` on a new connection to `endpoint`; "" if none.
std::string echoed(const Endpoint& endpoint, const std::string& text) {
  try {
    Client client(endpoint);
    client.send(text + "\n");
    return client.receive_line();
  } catch (const std::exception&) {
    return "";
  }
}

void expect_exit(Process& p, int code) {
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << "sockserv did not exit\n" << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == code) << p.err();
}

void expect_sigterm_stop(Process& p) {
  p.signal(SIGTERM);
  expect_exit(p, 0);
}

/// The pid a "server 'LABEL' started (pid N)" line names, once the supervisor has logged
/// it (it may come after the worker's own lines).
std::string started_pid(Process& p, const std::string& label) {
  if (!p.wait_for_output("server '" + label + "' started (pid ", startup)) return "";
  auto lines = p.lines_with("server '" + label + "' started (pid ");
  auto at = lines.front().find("(pid ") + 5;
  return lines.front().substr(at, lines.front().find(')', at) - at);
}

TEST(Control, StatusDescribesEveryServerItsProcessesAndCounters) {
  TempDir dir;
  auto config = write_config(
      dir, "ctl.yaml",
      with_control(echo("web", ", policy: threading, processes: 2") +
                   "  both: {listen: ['tcp://127.0.0.1:0', 'udp://127.0.0.1:0'], "
                   "policy: threading, handler: {plugin: echo}}\n"));
  Process p({SOCKSERV_BIN, "run", config});
  ASSERT_TRUE(p.wait_for_output("control socket listening on " + dir / "ctl.sock", startup))
      << p.err();
  Endpoint web = wait_listening(p, "web#1");
  wait_listening(p, "web#2");
  ASSERT_TRUE(p.wait_for_output("[both] listening on udp://", startup)) << p.err();
  auto both = listening_all(p, "both");
  ASSERT_EQ(both.size(), 2u);
  ASSERT_EQ(echoed(web, "hello"), "hello\n");

  struct stat st {};
  ASSERT_EQ(::stat((dir / "ctl.sock").c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "only its owner may talk to the supervisor";

  // The echo above: one connection, "hello\n" in and out. The worker may count its write
  // just after the client has read the reply, so ask until it shows.
  const std::string counted =
      "server web accepted 1 bytes_in 6 bytes_out 6 refused access overload per_source plugin";
  CtlResult r;
  EXPECT_TRUE(eventually([&] {
    r = ctl(dir, dir / "ctl.sock", "status");
    return r.run.exit_code != 0 || r.has(counted);
  }))
      << r.flat;
  EXPECT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
  EXPECT_TRUE(r.has("ok True")) << r.flat;
  EXPECT_TRUE(r.has(counted)) << r.flat;
  EXPECT_TRUE(r.has(std::string("version ") + SOCKSERV_VERSION)) << r.flat;
  EXPECT_TRUE(r.has("pid " + std::to_string(p.pid()))) << r.flat;
  EXPECT_TRUE(r.has("config " + config)) << r.flat;
  EXPECT_TRUE(r.has("uptime_nonnegative True")) << r.flat;
  EXPECT_TRUE(r.has("stopping False")) << r.flat;
  EXPECT_TRUE(r.has("server web endpoints " + web.to_string())) << r.flat;
  EXPECT_TRUE(r.has("server web plugin echo policy threading processes 2 running 2 restarts 0"))
      << r.flat;
  EXPECT_TRUE(r.has("server web pids " + started_pid(p, "web#1") + " " + started_pid(p, "web#2")))
      << r.flat << p.err();
  EXPECT_TRUE(r.has("server both endpoints " + both[0].to_string() + " " + both[1].to_string()))
      << r.flat;
  EXPECT_TRUE(r.has("server both plugin echo policy threading processes 1 running 1 restarts 0"))
      << r.flat;
  expect_sigterm_stop(p);
  EXPECT_FALSE(fs::exists(dir / "ctl.sock")) << "removed at exit";
}

TEST(Control, ReloadReportsWhatChangedAndABrokenFileLeavesTheServersServing) {
  TempDir dir;
  auto config = write_config(dir, "ctl.yaml", with_control(echo("a")));
  Process p({SOCKSERV_BIN, "run", config});
  Endpoint a = wait_listening(p, "a");

  write_config(dir, "ctl.yaml", with_control(echo("a") + echo("b")));
  auto r = ctl(dir, dir / "ctl.sock", "reload");
  EXPECT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
  EXPECT_TRUE(r.has("ok True") && r.has("kept a") && r.has("started b") && r.has("restarted") &&
              r.has("stopped"))
      << r.flat;
  Endpoint b = wait_listening(p, "b");
  EXPECT_TRUE(p.wait_for_output("ctl reload: reloading " + config, startup)) << p.err();
  auto status = ctl(dir, dir / "ctl.sock", "status");
  EXPECT_TRUE(status.has("server b endpoints " + b.to_string())) << status.flat;
  EXPECT_EQ(echoed(b, "to b"), "to b\n");

  // Line 4 is a's; its endpoint has no port.
  write_config(dir, "ctl.yaml",
               with_control("  a: {listen: 'tcp://127.0.0.1', handler: {plugin: echo}}\n"));
  auto broken = ctl(dir, dir / "ctl.sock", "reload");
  EXPECT_EQ(broken.run.exit_code, 1) << broken.run.out << broken.run.err;
  EXPECT_TRUE(broken.has("ok False")) << broken.flat;
  EXPECT_TRUE(broken.has("error 1 error in the config; the running servers go on unchanged"))
      << broken.flat;
  EXPECT_NE(broken.flat.find("config_error " + config + ":4:"), std::string::npos) << broken.flat;
  EXPECT_NE(broken.flat.find("servers.a.listen"), std::string::npos) << broken.flat;
  EXPECT_EQ(echoed(a, "still a"), "still a\n");
  EXPECT_EQ(echoed(b, "still b"), "still b\n");
  expect_sigterm_stop(p);
}

TEST(Control, StopAnswersThenEndsTheProcessWithStatusZero) {
  TempDir dir;
  // --control wins over the file's `control:`.
  auto config = write_config(dir, "ctl.yaml", with_control(echo("a")));
  Process p({SOCKSERV_BIN, "run", config, "--control", dir / "other.sock"});
  Endpoint a = wait_listening(p, "a");
  EXPECT_FALSE(fs::exists(dir / "ctl.sock"));
  auto r = ctl(dir, dir / "other.sock", "stop");
  EXPECT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
  EXPECT_TRUE(r.has("ok True") && r.has("stopping True")) << r.flat;
  expect_exit(p, 0);
  EXPECT_TRUE(p.wait_for_output("ctl stop: stopping every server", 1s)) << p.err();
  EXPECT_FALSE(fs::exists(dir / "other.sock"));
}

TEST(Control, AnUnknownCommandIsAnErrorListingTheValidOnes) {
  TempDir dir;
  auto config = write_config(dir, "ctl.yaml", with_control(echo("a")));
  Process p({SOCKSERV_BIN, "run", config});
  wait_listening(p, "a");
  auto r = ctl(dir, dir / "ctl.sock", "restart");
  EXPECT_EQ(r.run.exit_code, 1) << r.run.out << r.run.err;
  EXPECT_TRUE(r.has("ok False")) << r.flat;
  EXPECT_TRUE(r.has("error unknown command 'restart'; valid commands: status, reload, stop"))
      << r.flat;
  expect_sigterm_stop(p);
}

TEST(Control, NoSupervisorThereExitsTwoNamingThePathAndTheError) {
  TempDir dir;
  auto r = run_to_end({SOCKSERV_BIN, "ctl", dir / "none.sock", "status"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(dir / "none.sock"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::strerror(ENOENT)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("`control:`"), std::string::npos) << r.err;
}

TEST(Control, ASilentOrFloodingClientHoldsNothingUp) {
  TempDir dir;
  auto config = write_config(dir, "ctl.yaml", with_control(echo("a")));
  Process p({SOCKSERV_BIN, "run", config});
  Endpoint a = wait_listening(p, "a");
  Endpoint control = Endpoint::parse("unix://" + dir / "ctl.sock");
  Client silent(control, 30s);
  Client half(control, 30s);
  half.send("sta");  // a line never finished

  auto r = ctl(dir, dir / "ctl.sock", "status");
  EXPECT_EQ(r.run.exit_code, 0) << r.run.out << r.run.err;
  p.signal(SIGHUP);
  EXPECT_TRUE(p.wait_for_output("reload: 1 unchanged, 0 changed", startup)) << p.err();
  EXPECT_EQ(echoed(a, "served"), "served\n");

  Client flood(control);
  flood.send(std::string(5000, 'x'));
  std::string reply = flood.receive_line();
  EXPECT_NE(reply.find("\"ok\":false"), std::string::npos) << reply;
  EXPECT_NE(reply.find("command longer than 4096 bytes"), std::string::npos) << reply;
  EXPECT_TRUE(flood.wait_closed());

  // Past their deadline the supervisor closes the two it never heard a line from.
  EXPECT_TRUE(silent.wait_closed()) << p.err();
  EXPECT_TRUE(half.wait_closed()) << p.err();
  EXPECT_TRUE(p.wait_for_output("a client sent no command line within 10s", 1s)) << p.err();
  expect_sigterm_stop(p);
}

/// Leaves a socket file at `path` that nothing listens on, as a killed supervisor would.
void make_stale_socket(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::strncpy(sun.sun_path, path.c_str(), sizeof sun.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun), 0) << std::strerror(errno);
  ::close(fd);
}

TEST(Control, AStaleSocketFileIsReplacedAndALiveOneRefused) {
  TempDir dir;
  make_stale_socket(dir / "ctl.sock");
  auto config = write_config(dir, "ctl.yaml", with_control(echo("a")));
  Process p({SOCKSERV_BIN, "run", config});
  wait_listening(p, "a");
  EXPECT_EQ(ctl(dir, dir / "ctl.sock", "status").run.exit_code, 0) << p.err();

  auto second = write_config(dir, "second.yaml", with_control(echo("b")));
  auto refused = run_to_end({SOCKSERV_BIN, "run", second});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find(second + ":1:10: control: cannot listen on unix://" +
                             (dir / "ctl.sock") + ": another server is listening"),
            std::string::npos)
      << refused.err;
  auto r = ctl(dir, dir / "ctl.sock", "status");
  EXPECT_EQ(r.run.exit_code, 0) << "the first keeps its socket file: " << r.run.err;
  EXPECT_TRUE(r.has("pid " + std::to_string(p.pid()))) << r.flat;
  expect_sigterm_stop(p);
}

}  // namespace
}  // namespace sockserv::test
