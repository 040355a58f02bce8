// Limits and access control over real sockets, under every policy: refused connections
// close before any handler runs, slots free when requests end, queued connections wait
// their turn, silent clients are closed, and refusals are logged at a bounded rate.
#include "support/policies.hpp"
#include "support/probe_plugin.hpp"
#include "support/process.hpp"
#include "support/recording_logger.hpp"
#include "support/run_helpers.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <mutex>
#include <regex>
#include <vector>

#include <sys/wait.h>

namespace sockserv::test {
namespace {

class LimitsTest : public ::testing::TestWithParam<std::string> {
 protected:
  bool concurrent() const { return GetParam() != "serial"; }

  ServerOptions options(const std::string& listen = "tcp://127.0.0.1:0") {
    ServerOptions o;
    o.name = "limits";
    o.listen = listen;
    o.plugin = std::make_shared<ProbePlugin>(state);
    o.plugin_name = "probe";
    o.policy = make_policy(GetParam());
    o.log = log;
    o.shutdown_timeout = std::chrono::milliseconds(200);
    return o;
  }

  /// Sends one line and returns the answer without its line end ("" if closed).
  static std::string ask(Client& client, const std::string& command) {
    client.send(command + "\n");
    return answer(client);
  }
  static std::string answer(Client& client) {
    std::string line = client.receive_line();
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }
  /// True once a new client is served: slots free asynchronously after a client leaves,
  /// so earlier attempts may still be refused.
  static bool eventually_served(const Endpoint& endpoint) {
    return eventually([&] {
      Client client(endpoint);
      return ask(client, "ping") == "ping";
    });
  }

  TempDir dir;
  std::shared_ptr<ProbeState> state = make_probe_state();
  std::shared_ptr<RecordingLogger> log = std::make_shared<RecordingLogger>();
};

/// The cases that need two requests at once: serial accepts (or receives) nothing while
/// it serves, so it never reaches a limit above 1.
class ConcurrentLimitsTest : public LimitsTest {};

std::vector<std::string> concurrent_policies() {
  std::vector<std::string> names;
  for (const auto& name : all_policies())
    if (name != "serial") names.push_back(name);
  return names;
}

// --- allow / deny ---------------------------------------------------------------------

TEST_P(LimitsTest, DeniedClientIsClosedBeforeAnyHandlerRuns) {
  ServerOptions o = options();
  o.access.deny("127.0.0.0/8");
  ServerThread server(std::move(o));
  Client client(server.endpoint());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_EQ(state->handled.load(), 0);
  EXPECT_TRUE(eventually([&] { return server.server().stats().refused_by_access == 1; }));
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::info, "not permitted") == 1; }))
      << log->dump();
  EXPECT_EQ(state->finished.load(), 0) << "no handler was made";
}

TEST_P(LimitsTest, DenyOfIpv4LeavesIpv6ClientsServed) {
  ServerOptions o = options("tcp://[::1]:0");
  o.access.deny("127.0.0.0/8");
  ServerThread server(std::move(o));
  Client client(server.endpoint());
  EXPECT_EQ(ask(client, "over ipv6"), "over ipv6");
  EXPECT_EQ(server.server().stats().refused_by_access, 0u);
}

TEST_P(LimitsTest, AllowListAdmitsOnlyItsAddresses) {
  ServerOptions o = options();
  o.access.allow("::1").allow("10.0.0.0/8");
  ServerThread refusing(std::move(o));
  Client refused(refusing.endpoint());
  EXPECT_TRUE(refused.wait_closed());
  EXPECT_EQ(state->handled.load(), 0);

  ServerOptions o2 = options();
  o2.access.allow("127.0.0.1").deny("10.0.0.0/8");
  ServerThread serving(std::move(o2));
  Client served(serving.endpoint());
  EXPECT_EQ(ask(served, "allowed"), "allowed");
}

TEST_P(LimitsTest, UnixPeersIgnoreTheAccessLists) {
  ServerOptions o = options("unix://" + dir / "s.sock");
  o.access.allow("10.0.0.0/8").deny("0.0.0.0/0");
  ServerThread server(std::move(o));
  Client client(server.endpoint());
  EXPECT_EQ(ask(client, "local"), "local");
}

// --- per_source and max_connections ---------------------------------------------------

TEST_P(ConcurrentLimitsTest, PerSourceRefusesAThirdConnectionFromOneAddress) {
  ServerOptions o = options();
  o.limits.per_source = 2;
  ServerThread server(std::move(o));
  auto first = std::make_unique<Client>(server.endpoint());
  Client second(server.endpoint());
  ASSERT_EQ(ask(*first, "one"), "one");
  ASSERT_EQ(ask(second, "two"), "two");
  Client third(server.endpoint());
  EXPECT_TRUE(third.wait_closed());
  EXPECT_EQ(state->handled.load(), 2);
  EXPECT_EQ(server.server().stats().refused_per_source, 1u);
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::warn, "limits.per_source") == 1; }))
      << log->dump();
  first.reset();
  EXPECT_TRUE(eventually_served(server.endpoint()));
  EXPECT_EQ(ask(second, "still open"), "still open");
}

TEST_P(ConcurrentLimitsTest, MaxConnectionsRejectsOverTheLimitUntilOneCloses) {
  ServerOptions o = options();
  o.limits.max_connections = 2;
  ServerThread server(std::move(o));
  auto first = std::make_unique<Client>(server.endpoint());
  Client second(server.endpoint());
  ASSERT_EQ(ask(*first, "one"), "one");
  ASSERT_EQ(ask(second, "two"), "two");
  EXPECT_EQ(server.server().stats().active, 2u);
  Client third(server.endpoint());
  EXPECT_TRUE(third.wait_closed());
  EXPECT_EQ(state->handled.load(), 2);
  EXPECT_EQ(server.server().stats().refused_overload, 1u);
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::warn, "limits.max_connections") == 1; }))
      << log->dump();
  first.reset();
  EXPECT_TRUE(eventually_served(server.endpoint()));
}

TEST_P(LimitsTest, QueuedConnectionIsServedOnceTheFirstCloses) {
  ServerOptions o = options();
  o.limits.max_connections = 1;
  o.limits.on_overload = Overload::queue;
  ServerThread server(std::move(o));
  auto first = std::make_unique<Client>(server.endpoint());
  ASSERT_EQ(ask(*first, "first"), "first");
  Client second(server.endpoint());
  second.send("second\n");
  if (concurrent()) {  // serial does not accept while it serves: the kernel holds it
    ASSERT_TRUE(eventually([&] { return server.server().stats().queued == 1; }));
    EXPECT_EQ(state->handled.load(), 1) << "a queued connection is not served";
  }
  first.reset();
  EXPECT_EQ(answer(second), "second");
  EXPECT_EQ(state->finished.load(), 1) << "served only after the first ended";
  AdmissionStats stats = server.server().stats();
  EXPECT_EQ(stats.queued, 0u);
  EXPECT_EQ(stats.refused_overload, 0u);
}

TEST_P(ConcurrentLimitsTest, QueueBeyondItsSizeRejects) {
  ServerOptions o = options();
  o.limits.max_connections = 1;
  o.limits.on_overload = Overload::queue;
  o.limits.queue = 1;
  ServerThread server(std::move(o));
  auto first = std::make_unique<Client>(server.endpoint());
  ASSERT_EQ(ask(*first, "first"), "first");
  Client second(server.endpoint());
  second.send("second\n");
  ASSERT_TRUE(eventually([&] { return server.server().stats().queued == 1; }));
  Client third(server.endpoint());
  EXPECT_TRUE(third.wait_closed());
  EXPECT_EQ(server.server().stats().refused_overload, 1u);
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::warn, "waiting already") == 1; }))
      << log->dump();
  first.reset();
  EXPECT_EQ(answer(second), "second");
}

TEST_P(ConcurrentLimitsTest, StoppingClosesQueuedConnections) {
  ServerOptions o = options();
  o.limits.max_connections = 1;
  o.limits.on_overload = Overload::queue;
  auto server = std::make_unique<ServerThread>(std::move(o));
  Client first(server->endpoint());
  ASSERT_EQ(ask(first, "first"), "first");
  Client queued(server->endpoint());
  ASSERT_TRUE(eventually([&] { return server->server().stats().queued == 1; }));
  // The first request is cancelled at the drain deadline; the queued one never starts.
  server->stop();
  EXPECT_TRUE(queued.wait_closed());
  EXPECT_EQ(state->handled.load(), 1);
  EXPECT_EQ(log->count(LogLevel::info, "closing 1 connection still waiting for a slot"), 1u)
      << log->dump();
}

TEST_P(ConcurrentLimitsTest, DatagramsOverTheLimitAreDropped) {
  ServerOptions o = options("udp://127.0.0.1:0");
  o.limits.max_connections = 1;
  ServerThread server(std::move(o));
  Client sleeper(server.endpoint());
  sleeper.send("sleep");  // ends when the server stops
  ASSERT_TRUE(eventually([&] { return state->handled.load() == 1; }));
  Client dropped(server.endpoint());
  dropped.send("ping");
  EXPECT_TRUE(eventually([&] { return server.server().stats().refused_overload == 1; }));
  EXPECT_EQ(state->handled.load(), 1);
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::warn, "dropped a datagram") == 1; }))
      << log->dump();
}

// --- idle_timeout ---------------------------------------------------------------------

TEST_P(LimitsTest, IdleTimeoutClosesASilentClient) {
  ServerOptions o = options();
  o.limits.idle_timeout = std::chrono::milliseconds(200);
  ServerThread server(std::move(o));
  Client silent(server.endpoint());
  EXPECT_TRUE(silent.wait_closed());
  EXPECT_TRUE(eventually([&] { return log->count(LogLevel::info, "idle for 200ms") == 1; }))
      << log->dump();
  EXPECT_EQ(state->handled.load(), 0);
}

// --- the plugin's verify_request comes last ------------------------------------------

/// The probe, behind a verify_request the test switches and counts.
class VerifyingPlugin final : public Plugin {
 public:
  explicit VerifyingPlugin(std::shared_ptr<ProbeState> s) : probe_(std::move(s)) {}
  bool verify_request(const Address&) override {
    ++calls;
    return admit.load();
  }
  std::unique_ptr<StreamHandler> make_stream_handler() override {
    return probe_.make_stream_handler();
  }
  std::unique_ptr<DatagramHandler> make_datagram_handler() override {
    return probe_.make_datagram_handler();
  }
  std::atomic<int> calls{0};
  std::atomic<bool> admit{false};

 private:
  ProbePlugin probe_;
};

TEST_P(LimitsTest, VerifyRequestRunsAfterTheAccessListsAndLimits) {
  ServerOptions o = options();
  auto plugin = std::make_shared<VerifyingPlugin>(state);
  o.plugin = plugin;
  o.access.deny("127.0.0.0/8");
  ServerThread server(std::move(o));
  Client client(server.endpoint());
  EXPECT_TRUE(client.wait_closed());
  EXPECT_TRUE(eventually([&] { return server.server().stats().refused_by_access == 1; }));
  EXPECT_EQ(plugin->calls.load(), 0) << "a denied peer never reaches the plugin";
}

TEST_P(LimitsTest, VerifyRequestRefusalFreesTheSlot) {
  ServerOptions o = options();
  auto plugin = std::make_shared<VerifyingPlugin>(state);
  o.plugin = plugin;
  o.limits.max_connections = 1;
  ServerThread server(std::move(o));
  Client refused(server.endpoint());
  EXPECT_TRUE(refused.wait_closed());
  EXPECT_EQ(plugin->calls.load(), 1);
  AdmissionStats stats = server.server().stats();
  EXPECT_EQ(stats.refused_by_plugin, 1u);
  EXPECT_EQ(stats.active, 0u);
  plugin->admit = true;
  Client served(server.endpoint());
  EXPECT_EQ(ask(served, "ping"), "ping");
}

// --- the refusal log ------------------------------------------------------------------

TEST_P(LimitsTest, RefusalsAreLoggedAtABoundedRate) {
  const auto interval = std::chrono::milliseconds(300);
  ServerOptions o = options();
  o.access.deny("127.0.0.0/8");
  o.limits.refusal_log_interval = interval;
  ServerThread server(std::move(o));
  auto started = Clock::now();
  for (int i = 0; i < 100; ++i) {
    Client client(server.endpoint());
    ASSERT_TRUE(client.wait_closed());
  }
  ASSERT_TRUE(eventually([&] { return server.server().stats().refused_by_access == 100; }));
  auto intervals = (Clock::now() - started) / interval;
  std::size_t lines = log->count(LogLevel::info, "not permitted");
  EXPECT_GE(lines, 1u);
  EXPECT_LE(lines, std::size_t(intervals) + 1) << log->dump();
  // The next line after a quiet interval says how many were left out.
  std::regex suppressed("\\((\\d+) more suppressed\\)");
  EXPECT_TRUE(eventually([&] {
    Client client(server.endpoint());
    client.wait_closed();
    return log->count(LogLevel::info, "more suppressed)") > 0;
  })) << log->dump();
  std::smatch m;
  std::string all = log->dump();
  ASSERT_TRUE(std::regex_search(all, m, suppressed)) << all;
  EXPECT_GT(std::stoi(m[1].str()), 0);
  EXPECT_EQ(state->handled.load(), 0);
}

// --- Request::detach_connection: the forking policy's hook ----------------------------

/// Stands in for a forking policy's parent: lets go of the connection, keeps the ticket.
class DetachingPolicy final : public Policy {
 public:
  void process_request(Request request) override {
    std::lock_guard lock(mutex);
    tickets.push_back(request.detach_connection());
  }
  bool wait_idle(Deadline) override { return true; }
  std::mutex mutex;
  std::vector<std::shared_ptr<void>> tickets;
};

TEST(DetachConnection, TicketKeepsTheSlotAfterTheParentsCopyCloses) {
  auto state = make_probe_state();
  auto policy = std::make_unique<DetachingPolicy>();
  DetachingPolicy& detaching = *policy;
  ServerOptions o;
  o.listen = "tcp://127.0.0.1:0";
  o.plugin = std::make_shared<ProbePlugin>(state);
  o.policy = std::move(policy);
  o.log = std::make_shared<RecordingLogger>();
  o.limits.max_connections = 1;
  o.limits.on_overload = Overload::queue;
  ServerThread server(std::move(o));
  Client detached(server.endpoint());
  EXPECT_TRUE(detached.wait_closed()) << "the parent's copy is closed at once";
  EXPECT_EQ(server.server().stats().active, 1u) << "the ticket holds the slot";
  Client waiting(server.endpoint());
  ASSERT_TRUE(eventually([&] { return server.server().stats().queued == 1; }));
  {
    std::lock_guard lock(detaching.mutex);
    detaching.tickets.clear();  // the child exited
  }
  EXPECT_TRUE(waiting.wait_closed()) << "admitted (and detached) once the slot freed";
  EXPECT_EQ(server.server().stats().queued, 0u);
  EXPECT_EQ(state->handled.load(), 0);
}

std::string policy_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(AllPolicies, LimitsTest, ::testing::ValuesIn(all_policies()),
                         policy_name);
INSTANTIATE_TEST_SUITE_P(ConcurrentPolicies, ConcurrentLimitsTest,
                         ::testing::ValuesIn(concurrent_policies()), policy_name);

// --- from the config file, through `sockserv run` -------------------------------------

TEST(LimitsFromConfig, RunAppliesAccessListsAndIdleTimeout) {
  TempDir dir;
  std::ofstream(dir.path() / "run.yaml")
      << "servers:\n"
         "  v4: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}, deny: [127.0.0.0/8]}\n"
         "  v6:\n"
         "    listen: 'tcp://[::1]:0'\n"
         "    handler: {plugin: echo}\n"
         "    deny: [127.0.0.0/8]\n"
         "    limits: {idle_timeout: 200ms, max_connections: 10}\n"
      << allow_root_line;
  Process p({SOCKSERV_BIN, "run", dir / "run.yaml"});
  auto endpoint_of = [&](const std::string& name) -> std::optional<Endpoint> {
    if (!p.wait_for_output("[" + name + "] listening on", 20s)) return std::nullopt;
    std::regex pattern("\\[" + name + "\\] listening on (\\S+)");
    for (const auto& line : p.lines_with("[" + name + "] listening on")) {
      std::smatch m;
      if (std::regex_search(line, m, pattern)) return Endpoint::parse(m[1].str());
    }
    return std::nullopt;
  };
  auto v4 = endpoint_of("v4");
  auto v6 = endpoint_of("v6");
  ASSERT_TRUE(v4 && v6) << p.err();
  Client refused(*v4);
  EXPECT_TRUE(refused.wait_closed());
  EXPECT_TRUE(p.wait_for_output("not permitted by the server's allow/deny lists", 10s)) << p.err();
  Client served(*v6);
  served.send("hello");
  EXPECT_EQ(served.receive(5), "hello");
  EXPECT_TRUE(served.wait_closed()) << "closed after idling 200ms";
  EXPECT_TRUE(p.wait_for_output("idle for 200ms", 10s)) << p.err();
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

}  // namespace
}  // namespace sockserv::test
