// `sockserv run` as a supervisor: worker processes sharing one listener, restarts after a
// crash, and reloading the config on SIGHUP. The servers run tests/plugins/worker_plugin,
// which answers "pid" with the pid of the process serving the connection.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <map>
#include <set>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;
const std::string sockserv_bin = SOCKSERV_BIN;
constexpr auto startup = 20s;

/// The top of every config: the test plugins, and a short drain so that stops are quick.
const std::string head = "plugin_path: ['" TEST_PLUGIN_DIR "']\nshutdown_timeout: 2s\nservers:\n";

/// A worker_plugin server on a free port; `options` go into its `handler:` map.
std::string worker(const std::string& name, const std::string& options = "") {
  return "  " + name + ": {listen: 'tcp://127.0.0.1:0', handler: {plugin: worker_plugin" + options +
         "}}\n";
}

/// Sends `command` as a line and returns the answer line without its "\n" ("" if none).
std::string ask(Client& client, const std::string& command) {
  client.send(command + "\n");
  std::string line = client.receive_line();
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

/// The answer to `command` on a new connection; "" if it could not connect.
std::string ask_new(const Endpoint& endpoint, const std::string& command) {
  try {
    Client client(endpoint);
    return ask(client, command);
  } catch (const std::exception&) {
    return "";
  }
}

/// True if a connection to `endpoint` is refused: nothing listens there any more.
bool refuses(const Endpoint& endpoint) {
  try {
    Client client(endpoint);
    return false;
  } catch (const std::exception&) {
    return true;
  }
}

/// Where server `label` listens, once it has said so.
Endpoint wait_listening(Process& p, const std::string& label) {
  EXPECT_TRUE(p.wait_for_output("[" + label + "] listening on", startup)) << p.err();
  auto endpoint = listening(p, label);
  if (!endpoint) throw std::runtime_error(label + " never listened:\n" + p.err());
  return *endpoint;
}

/// SIGTERM, then the exit status `expected` within the drain time.
void expect_stop(Process& p, int expected = 0) {
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << "sockserv did not stop on SIGTERM\n" << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == expected) << p.err();
}

std::size_t count(const Process& p, const std::string& text) { return p.lines_with(text).size(); }

TEST(Supervisor, WorkersShareOneListenerAndADeadOneIsRestarted) {
  TempDir dir;
  auto config = write_config(dir, "workers.yaml",
                             head +
                                 "  web:\n    listen: tcp://127.0.0.1:0\n    processes: 3\n"
                                 "    handler: {plugin: worker_plugin}\n");
  Process p({sockserv_bin, "run", config});
  Endpoint web = wait_listening(p, "web#1");
  for (const char* other : {"web#2", "web#3"})
    EXPECT_EQ(wait_listening(p, other).to_string(), web.to_string()) << "one listener, shared";

  // A serial worker serves one connection at a time: while each client holds its own
  // open, the next connection can only be accepted by a worker not yet seen.
  std::map<std::string, Client> clients;  // by pid
  for (int attempt = 0; attempt < 20 && clients.size() < 3; ++attempt) {
    Client client(web);
    std::string pid = ask(client, "pid");
    ASSERT_FALSE(pid.empty()) << p.err();
    clients.emplace(pid, std::move(client));
  }
  ASSERT_EQ(clients.size(), 3u) << "three distinct workers answer";

  const std::string victim = clients.begin()->first;
  ASSERT_EQ(::kill(std::stoi(victim), SIGKILL), 0);
  ASSERT_TRUE(p.wait_for_output(
      "was killed by signal 9 (SIGKILL) (pid " + victim + "); restarting in 100ms", startup))
      << p.err();
  ASSERT_TRUE(p.wait_for_output("restarted (pid", startup)) << p.err();
  auto died = p.lines_with("(pid " + victim + "); restarting");
  ASSERT_EQ(died.size(), 1u);
  EXPECT_NE(died[0].find("server 'web#"), std::string::npos) << "names the worker: " << died[0];

  EXPECT_TRUE(clients.at(victim).wait_closed());
  for (auto& [pid, client] : clients) {
    if (pid == victim) continue;
    EXPECT_EQ(ask(client, "pid"), pid) << "the others kept serving";
  }
  // The two survivors are busy with their clients: only the new worker can take this one.
  std::string fresh = ask_new(web, "pid");
  EXPECT_FALSE(fresh.empty());
  EXPECT_EQ(clients.count(fresh), 0u) << "a new worker process answers";
  clients.clear();
  expect_stop(p);
}

TEST(Supervisor, ACrashInOneServerLeavesTheOtherServingAndIsRestarted) {
  TempDir dir;
  auto config = write_config(dir, "crash.yaml", head + worker("a") + worker("b"));
  Process p({sockserv_bin, "run", config});
  Endpoint a = wait_listening(p, "a");
  Endpoint b = wait_listening(p, "b");
  std::string pid_a = ask_new(a, "pid");
  std::string pid_b = ask_new(b, "pid");
  ASSERT_FALSE(pid_a.empty() || pid_b.empty()) << p.err();

  {
    Client crasher(a);
    crasher.send("crash\n");
    EXPECT_TRUE(crasher.wait_closed());
  }
  ASSERT_TRUE(p.wait_for_output("server 'a' was killed by signal 11 (SIGSEGV) (pid " + pid_a + ")",
                                startup))
      << p.err();
  EXPECT_EQ(ask_new(b, "still there?"), "still there?");
  EXPECT_EQ(ask_new(b, "pid"), pid_b) << "b was not restarted";
  ASSERT_TRUE(p.wait_for_output("server 'a' restarted (pid", startup)) << p.err();
  std::string new_a = ask_new(a, "pid");
  EXPECT_FALSE(new_a.empty());
  EXPECT_NE(new_a, pid_a);
  expect_stop(p);
}

TEST(Supervisor, AServerThatCannotStartIsRetriedWithBackoff) {
  TempDir dir;
  auto config = write_config(dir, "retry.yaml",
                             head + "  broken: {listen: 'tcp://127.0.0.1:0', handler: {path: '" +
                                 TEST_PLUGIN_DIR "/throwing_ctor.so'}}\n" + worker("fine"));
  Process p({sockserv_bin, "run", config});
  Endpoint fine = wait_listening(p, "fine");
  ASSERT_TRUE(p.wait_for_output("exited with status 2", startup)) << p.err();
  ASSERT_TRUE(p.wait_for_output("; restarting in 200ms", startup)) << p.err();
  EXPECT_EQ(count(p, "server 'broken' exited with status 2 (pid"), 2u) << p.err();
  EXPECT_EQ(count(p, "; restarting in 100ms"), 1u) << p.err();
  EXPECT_GE(count(p, "[broken] failed to start"), 2u) << p.err();
  EXPECT_EQ(ask_new(fine, "hi"), "hi");
  expect_stop(p, 1);  // a server was down at the stop
}

TEST(Supervisor, SighupRestartsOnlyWhatChanged) {
  TempDir dir;
  auto config = write_config(
      dir, "reload.yaml", head + worker("a", ", tag: a") + worker("b", ", tag: one") + worker("d"));
  Process p({sockserv_bin, "run", config});
  Endpoint a = wait_listening(p, "a");
  Endpoint b = wait_listening(p, "b");
  Endpoint d = wait_listening(p, "d");
  Client kept(a);
  ASSERT_EQ(ask(kept, "before"), "before");
  std::string pid_a = ask(kept, "pid");
  std::string pid_b = ask_new(b, "pid");
  ASSERT_EQ(ask_new(d, "d here"), "d here");

  // `a` is written differently (moved, keys reordered) but means the same.
  write_config(dir, "reload.yaml",
               "# reloaded\n" + head + worker("b", ", tag: two") + worker("c", ", tag: new") +
                   "  a:\n    handler: {tag: a, plugin: worker_plugin}\n"
                   "    listen: tcp://127.0.0.1:0\n");
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 1 unchanged, 1 changed, 1 added, 1 removed", startup))
      << p.err();

  EXPECT_EQ(ask(kept, "after"), "after") << "a's open connection is untouched";
  EXPECT_EQ(ask(kept, "pid"), pid_a);
  EXPECT_EQ(count(p, "[a] listening on"), 1u) << "a was not restarted";

  // b keeps its listener (same endpoint); its new process answers with the new tag.
  EXPECT_TRUE(eventually([&] { return ask_new(b, "tag") == "two"; })) << p.err();
  std::string new_b = ask_new(b, "pid");
  EXPECT_FALSE(new_b.empty());
  EXPECT_NE(new_b, pid_b);

  Endpoint c = wait_listening(p, "c");
  EXPECT_EQ(ask_new(c, "tag"), "new");
  EXPECT_TRUE(eventually([&] { return refuses(d); })) << "d's port is closed";
  kept.close_write();
  EXPECT_TRUE(kept.wait_closed());
  expect_stop(p);
}

TEST(Supervisor, AReloadWithErrorsKeepsEverythingAsItWas) {
  TempDir dir;
  const std::string good = head + worker("a") + worker("b");
  auto config = write_config(dir, "errors.yaml", good);
  Process p({sockserv_bin, "run", config});
  Endpoint a = wait_listening(p, "a");
  Endpoint b = wait_listening(p, "b");
  std::string pid_a = ask_new(a, "pid"), pid_b = ask_new(b, "pid");

  write_config(dir, "errors.yaml",
               head + worker("a", ", tga: x") + worker("b") +
                   "  c: {listen: 'tcp://127.0.0.1:0', handler: {plugin: nosuch}}\n");
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 2 errors; the running servers go on unchanged", startup))
      << p.err();
  EXPECT_EQ(count(p, "reload: " + config + ":4:"), 1u) << "located: " << p.err();
  EXPECT_EQ(count(p, "unknown option 'tga'"), 1u) << p.err();
  EXPECT_EQ(count(p, "reload: " + config + ":6:"), 1u) << p.err();
  EXPECT_EQ(count(p, "unknown plugin 'nosuch'"), 1u) << p.err();
  EXPECT_EQ(ask_new(a, "pid"), pid_a);
  EXPECT_EQ(ask_new(b, "pid"), pid_b);

  write_config(dir, "errors.yaml", good);  // and what runs is still the good config
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 2 unchanged, 0 changed, 0 added, 0 removed", startup))
      << p.err();
  expect_stop(p);
}

TEST(Supervisor, AReloadBindErrorSkipsThatServerOnly) {
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
  auto config = write_config(dir, "bind.yaml", head + worker("a"));
  Process p({sockserv_bin, "run", config});
  Endpoint a = wait_listening(p, "a");
  write_config(dir, "bind.yaml",
               head + worker("a") + worker("c") + "  e: {listen: 'tcp://127.0.0.1:" + port +
                   "', handler: {plugin: worker_plugin}}\n");
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 1 unchanged, 0 changed, 2 added, 0 removed", startup))
      << p.err();
  ::close(busy);
  auto error = p.lines_with("reload: " + config + ":6:");
  ASSERT_EQ(error.size(), 1u) << p.err();
  EXPECT_NE(error[0].find(": servers.e.listen: cannot listen on tcp://127.0.0.1:" + port +
                          ": Address already in use"),
            std::string::npos)
      << error[0];
  EXPECT_EQ(count(p, "server 'e' is not started"), 1u);
  EXPECT_EQ(ask_new(wait_listening(p, "c"), "c"), "c");
  EXPECT_EQ(ask_new(a, "a"), "a");
  expect_stop(p);
}

TEST(Supervisor, AChangedEndpointIsBoundAnewAndTheOldOneClosedAfterItsProcesses) {
  TempDir dir;
  auto config = write_config(dir, "move.yaml",
                             head + "  m: {listen: 'unix://" + dir / "old.sock" +
                                 "', handler: {plugin: worker_plugin}}\n");
  Process p({sockserv_bin, "run", config});
  Endpoint old_endpoint = wait_listening(p, "m");
  ASSERT_EQ(ask_new(old_endpoint, "x"), "x");
  write_config(dir, "move.yaml",
               head + "  m: {listen: 'unix://" + dir / "new.sock" +
                   "', handler: {plugin: worker_plugin}}\n");
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 0 unchanged, 1 changed, 0 added, 0 removed", startup))
      << p.err();
  EXPECT_TRUE(eventually([&] {
    return ask_new(Endpoint::parse("unix://" + dir / "new.sock"), "y") == "y";
  })) << p.err();
  EXPECT_TRUE(eventually([&] { return !fs::exists(dir.path() / "old.sock"); }))
      << "the old socket file goes with the old process";
  expect_stop(p);
  EXPECT_FALSE(fs::exists(dir.path() / "new.sock"));
}

TEST(Supervisor, ASecondSigintKillsWhatIsStillDraining) {
  TempDir dir;
  // As `head`, with a drain long enough that only the second SIGINT can end it.
  std::string slow_head = head;
  slow_head.replace(slow_head.find("timeout: 2s"), 11, "timeout: 1h");
  auto config = write_config(dir, "kill.yaml", slow_head + worker("a"));
  Process p({sockserv_bin, "run", config});
  Client idle(wait_listening(p, "a"));  // holds a's drain open for the hour
  ASSERT_EQ(ask(idle, "x"), "x");
  p.signal(SIGINT);
  ASSERT_TRUE(p.wait_for_output("SIGINT: stopping every server", startup)) << p.err();
  p.signal(SIGINT);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 1) << p.err();
  EXPECT_EQ(count(p, "second SIGINT: killing every server now"), 1u) << p.err();
}

}  // namespace
}  // namespace sockserv::test
