// The metrics plugin under `sockserv run`: counters summed over worker processes and
// forked children, refusals by reason, handler errors, worker restarts, and the format as
// Prometheus's own Python client reads it (tests/metrics/scrape.py).
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <sstream>

namespace sockserv::test {
namespace {

const std::string sockserv_bin = SOCKSERV_BIN;
constexpr auto startup = 20s;

const std::string head = "plugin_path: ['" TEST_PLUGIN_DIR "', '" METRICS_PLUGIN_DIR "', '" ECHO_PLUGIN_DIR
                         "']\nshutdown_timeout: 2s\nservers:\n"
                         "  metrics: {listen: 'tcp://127.0.0.1:0', handler: {plugin: metrics}}\n";

/// One scrape: `name{labels} value` -> value; empty if scrape.py failed (its error in `why`).
using Samples = std::map<std::string, std::uint64_t>;

Samples scrape(const Endpoint& metrics, std::string* why = nullptr) {
  std::string url = "http://127.0.0.1:" + std::to_string(metrics.port) + "/metrics";
  auto r = run_to_end({"/usr/bin/python3", SOCKSERV_SOURCE_DIR "/tests/metrics/scrape.py", url});
  if (why) *why = r.err;
  Samples samples;
  if (r.exit_code != 0) return samples;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    auto space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stoull(line.substr(space + 1));
  }
  return samples;
}

/// The key of a server's sample: `name{server="SERVER"}`, or with a refusal reason.
std::string key(const std::string& name, const std::string& server, const std::string& reason = "") {
  if (reason.empty()) return name + "{server=\"" + server + "\"}";
  return name + "{reason=\"" + reason + "\",server=\"" + server + "\"}";
}

/// True once a scrape shows every `expected` sample with its value.
bool shows(const Endpoint& metrics, const Samples& expected, Samples* last = nullptr) {
  Samples got = scrape(metrics);
  if (last) *last = got;
  for (const auto& [k, v] : expected) {
    auto it = got.find(k);
    if (it == got.end() || it->second != v) return false;
  }
  return true;
}

std::string describe(const Samples& samples) {
  std::string out;
  for (const auto& [k, v] : samples) out += k + " " + std::to_string(v) + "\n";
  return out;
}

Endpoint wait_listening(Process& p, const std::string& label) {
  EXPECT_TRUE(p.wait_for_output("[" + label + "] listening on", startup)) << p.err();
  auto endpoint = listening(p, label);
  if (!endpoint) throw std::runtime_error(label + " never listened:\n" + p.err());
  return *endpoint;
}

/// `pairs` rounds of two clients at once (so two serial workers both serve one), each
/// sending `size` bytes and reading them back.
void echo_rounds(const Endpoint& server, int pairs, std::size_t size) {
  std::string payload(size, 'x');
  for (int i = 0; i < pairs; ++i) {
    Client a(server), b(server);
    a.send(payload);
    b.send(payload);
    EXPECT_EQ(a.receive(size), payload);
    EXPECT_EQ(b.receive(size), payload);
  }
}

void expect_stop(Process& p) {
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

TEST(Metrics, SumsWorkersAndForkedChildren) {
  TempDir dir;
  auto config = write_config(dir, "m.yaml", head +
      "  pair: {listen: 'tcp://127.0.0.1:0', processes: 2, handler: {plugin: echo}}\n"
      "  forked: {listen: 'tcp://127.0.0.1:0', policy: {type: forking}, handler: {plugin: echo}}\n");
  Process p({sockserv_bin, "run", config});
  auto metrics = wait_listening(p, "metrics");
  auto pair = wait_listening(p, "pair#1");
  wait_listening(p, "pair#2");
  auto forked = wait_listening(p, "forked");

  echo_rounds(pair, 5, 1000);    // 10 connections, 10000 bytes each way
  echo_rounds(forked, 3, 700);   // 6 connections, 4200 bytes each way
  Samples last;
  EXPECT_TRUE(eventually([&] {
    return shows(metrics, {{key("sockserv_connections_accepted_total", "pair"), 10},
                           {key("sockserv_received_bytes_total", "pair"), 10000},
                           {key("sockserv_sent_bytes_total", "pair"), 10000},
                           {key("sockserv_connections_active", "pair"), 0},
                           {key("sockserv_processes", "pair"), 2},
                           {key("sockserv_connections_accepted_total", "forked"), 6},
                           {key("sockserv_received_bytes_total", "forked"), 4200},
                           {key("sockserv_sent_bytes_total", "forked"), 4200},
                           {key("sockserv_connections_active", "forked"), 0},
                           {key("sockserv_processes", "forked"), 1},
                           {key("sockserv_handler_errors_total", "pair"), 0},
                           {"sockserv_build_info{version=\"" SOCKSERV_VERSION_TEXT "\"}", 1}},
                 &last);
  }, 20s)) << describe(last);
  expect_stop(p);
}

TEST(Metrics, CountsRefusalsByReasonAndHandlerErrors) {
  TempDir dir;
  auto config = write_config(dir, "m.yaml", head +
      "  denied: {listen: 'tcp://127.0.0.1:0', allow: [10.0.0.0/8], handler: {plugin: echo}}\n"
      "  capped: {listen: 'tcp://127.0.0.1:0', policy: threading, limits: {max_connections: 1},"
      " handler: {plugin: echo}}\n"
      "  one_each: {listen: 'tcp://127.0.0.1:0', policy: threading, limits: {per_source: 1},"
      " handler: {plugin: echo}}\n"
      "  thrower: {listen: 'tcp://127.0.0.1:0', handler: {plugin: worker_plugin}}\n");
  Process p({sockserv_bin, "run", config});
  auto metrics = wait_listening(p, "metrics");
  auto denied = wait_listening(p, "denied");
  auto capped = wait_listening(p, "capped");
  auto one_each = wait_listening(p, "one_each");
  auto thrower = wait_listening(p, "thrower");

  for (int i = 0; i < 3; ++i) {
    Client c(denied);
    EXPECT_TRUE(c.wait_closed());  // closed unserved
  }
  for (const auto& limited : {capped, one_each}) {
    Client held(limited);
    held.send("a");
    EXPECT_EQ(held.receive(1), "a");  // admitted and served: it holds the slot
    Client extra(limited);
    EXPECT_TRUE(extra.wait_closed());
  }
  {
    Client c(thrower);
    c.send("throw\n");
    EXPECT_TRUE(c.wait_closed());
  }
  Samples last;
  EXPECT_TRUE(eventually([&] {
    return shows(metrics, {{key("sockserv_connections_refused_total", "denied", "access"), 3},
                           {key("sockserv_connections_accepted_total", "denied"), 3},
                           {key("sockserv_connections_refused_total", "capped", "overload"), 1},
                           {key("sockserv_connections_refused_total", "one_each", "per_source"), 1},
                           {key("sockserv_connections_refused_total", "capped", "access"), 0},
                           {key("sockserv_connections_refused_total", "thrower", "plugin"), 0},
                           {key("sockserv_handler_errors_total", "thrower"), 1},
                           {key("sockserv_connections_active", "capped"), 0}},
                 &last);
  }, 20s)) << describe(last);
  expect_stop(p);
}

TEST(Metrics, WorkerRestartsAreCountedAndTotalsKept) {
  TempDir dir;
  auto config = write_config(dir, "m.yaml", head +
      "  crashy: {listen: 'tcp://127.0.0.1:0', processes: 2, handler: {plugin: worker_plugin}}\n");
  Process p({sockserv_bin, "run", config});
  auto metrics = wait_listening(p, "metrics");
  auto crashy = wait_listening(p, "crashy#1");
  wait_listening(p, "crashy#2");
  pid_t victim = 0;
  {
    Client c(crashy);
    c.send("pid\n");
    victim = pid_t(std::stoi(c.receive_line()));
  }
  ASSERT_TRUE(eventually([&] {
    return shows(metrics, {{key("sockserv_connections_accepted_total", "crashy"), 1},
                           {key("sockserv_worker_restarts_total", "crashy"), 0}});
  }, 20s));
  ::kill(victim, SIGKILL);
  ASSERT_TRUE(p.wait_for_output("restarted (pid", startup)) << p.err();
  Samples last;
  EXPECT_TRUE(eventually([&] {
    return shows(metrics, {{key("sockserv_connections_accepted_total", "crashy"), 1},
                           {key("sockserv_worker_restarts_total", "crashy"), 1},
                           {key("sockserv_processes", "crashy"), 2}},
                 &last);
  }, 20s)) << describe(last);
  expect_stop(p);
}

TEST(Metrics, ReloadRemovesAServerFromTheOutput) {
  TempDir dir;
  std::string gone = "  gone: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}}\n";
  auto config = write_config(dir, "m.yaml", head + gone);
  Process p({sockserv_bin, "run", config});
  auto metrics = wait_listening(p, "metrics");
  wait_listening(p, "gone");
  EXPECT_TRUE(eventually([&] { return scrape(metrics).contains(key("sockserv_processes", "gone")); }));
  write_config(dir, "m.yaml", head);
  p.signal(SIGHUP);
  ASSERT_TRUE(p.wait_for_output("reload: 1 unchanged, 0 changed, 0 added, 1 removed", startup))
      << p.err();
  EXPECT_TRUE(eventually([&] {
    auto s = scrape(metrics);
    return s.contains(key("sockserv_processes", "metrics")) &&
           !s.contains(key("sockserv_processes", "gone"));
  }));
  expect_stop(p);
}

TEST(Metrics, HttpRoutingAndFormat) {
  TempDir dir;
  auto config = write_config(dir, "m.yaml", head);
  Process p({sockserv_bin, "run", config});
  auto metrics = wait_listening(p, "metrics");
  std::string base = "http://127.0.0.1:" + std::to_string(metrics.port);
  std::string why;
  EXPECT_FALSE(scrape(metrics, &why).empty()) << why;
  auto status = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"});
    return run_to_end(args).out;
  };
  EXPECT_EQ(status({base + "/metrics"}), "200");
  EXPECT_EQ(status({base + "/other"}), "404");
  EXPECT_EQ(status({"-X", "POST", base + "/metrics"}), "405");
  EXPECT_EQ(status({"-I", base + "/metrics"}), "200");
  // Keep-alive: curl reuses one connection for both URLs.
  auto both = run_to_end({"/usr/bin/curl", "-s", "-v", base + "/metrics", base + "/metrics"});
  EXPECT_NE(both.err.find("Re-using existing connection"), std::string::npos) << both.err;
  expect_stop(p);
}

}  // namespace
}  // namespace sockserv::test
