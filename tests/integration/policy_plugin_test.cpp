// A policy from a shared library, as an operator uses it: the `pool` example
// (examples/policies/pool) loaded from the plugin path by the real `sockserv` binary.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>
#include <vector>

namespace sockserv::test {
namespace {

const std::string sockserv_bin = SOCKSERV_BIN;

/// A config on the example plugins' folder with one server, `web`, described by `body`.
class PolicyPlugin : public ::testing::Test {
 protected:
  std::string write_config(const std::string& body) {
    path = dir / "pool.yaml";
    std::ofstream(path) << "plugin_path: ['" EXAMPLE_PLUGIN_DIR "']\n"
                           "servers:\n"
                           "  web:\n"
                        << body << allow_root_line;
    return path;
  }

  /// Asserts `r` failed with `message` reported at `line`:`column` under `key`.
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

/// Connects, sends `message`, returns the answer (empty on timeout or error), closes.
std::string echo_once(const Endpoint& endpoint, const std::string& message) {
  try {
    Client client(endpoint);
    client.send(message);
    return client.receive(message.size());
  } catch (const std::exception& e) {
    return std::string("error: ") + e.what();
  }
}

/// What client `i` sends.
std::string message(std::size_t i) { return "client " + std::to_string(i); }

/// SIGTERM, then expects a clean exit (status 0).
void stop_cleanly(Process& p) {
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << "sockserv did not stop on SIGTERM\n" << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

TEST_F(PolicyPlugin, PoolAnswersConcurrentClientsAndStopsOnSigterm) {
  Process p({sockserv_bin, "run",
             write_config("    listen: tcp://127.0.0.1:0\n"
                          "    policy: {type: pool, workers: 2, queue: 4}\n"
                          "    handler: {plugin: echo}\n")});
  ASSERT_TRUE(p.wait_for_output("[web] listening on", 20s)) << p.err();
  auto endpoint = listening(p, "web");
  ASSERT_TRUE(endpoint) << p.err();
  std::vector<std::string> answers(6);
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < answers.size(); ++i)
    clients.emplace_back([&, i] { answers[i] = echo_once(*endpoint, message(i)); });
  for (auto& c : clients) c.join();
  for (std::size_t i = 0; i < answers.size(); ++i) EXPECT_EQ(answers[i], message(i));
  stop_cleanly(p);
}

// 2 workers + 4 queued = 6 requests held; the rest wait in the kernel's backlog while
// process_request blocks. Each is answered once an earlier one closes: none is dropped.
TEST_F(PolicyPlugin, PoolHoldsExcessClientsInTheBacklogAndAnswersEachInTurn) {
  Process p({sockserv_bin, "run",
             write_config("    listen: tcp://127.0.0.1:0\n"
                          "    policy: {type: pool, workers: 2, queue: 4}\n"
                          "    handler: {plugin: echo}\n")});
  ASSERT_TRUE(p.wait_for_output("[web] listening on", 20s)) << p.err();
  auto endpoint = listening(p, "web");
  ASSERT_TRUE(endpoint) << p.err();
  std::vector<Client> clients;
  for (std::size_t i = 0; i < 12; ++i) {
    clients.emplace_back(*endpoint);  // accepted in this order: the pool runs them FIFO
    clients.back().send(message(i) + "\n");
  }
  for (std::size_t i = 0; i < clients.size(); ++i) {
    // Clients i and i+1 hold the two workers now; closing i lets i+2 in.
    ASSERT_EQ(clients[i].receive_line(), message(i) + "\n");
    clients[i].close_write();
    EXPECT_TRUE(clients[i].wait_closed());
  }
  stop_cleanly(p);
}

TEST_F(PolicyPlugin, CheckReportsAnOutOfRangeWorkerCountAtItsLine) {
  auto r = run_to_end({sockserv_bin, "check",
                       write_config("    listen: tcp://127.0.0.1:0\n"
                                    "    policy: {type: pool, workers: 0}\n"
                                    "    handler: {plugin: echo}\n")});
  expect_error(r, 5, 35, "servers.web.policy.workers", "must be between 1 and 1024, got 0");
}

TEST_F(PolicyPlugin, CheckSuggestsTheNearestOptionName) {
  auto r = run_to_end({sockserv_bin, "check",
                       write_config("    listen: tcp://127.0.0.1:0\n"
                                    "    policy: {type: pool, workerz: 2}\n"
                                    "    handler: {plugin: echo}\n")});
  expect_error(r, 5, 26, "servers.web.policy.workerz", "did you mean 'workers'?");
}

TEST_F(PolicyPlugin, CheckAcceptsThePoolAndNamesItsLibrary) {
  auto r = run_to_end({sockserv_bin, "check",
                       write_config("    listen: tcp://127.0.0.1:0\n"
                                    "    policy: {type: pool, workers: 2, queue: 4}\n"
                                    "    handler: {plugin: echo}\n")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("policy 'pool'"), std::string::npos) << r.out;
}

TEST(PolicyPluginList, PluginsListsThePoolWithItsOptions) {
  auto r = run_to_end({sockserv_bin, "plugins", "--plugin-path", EXAMPLE_PLUGIN_DIR});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto policies = r.out.find("policies:\n");
  ASSERT_NE(policies, std::string::npos) << r.out;
  for (const char* expected :
       {"pool 1.0.0  " EXAMPLE_PLUGIN_DIR "/pool.so",
        "a fixed pool of worker threads fed by a bounded queue",
        "workers (integer, default '4', min 1, max 1024): ",
        "queue (integer, default '64', min 1): "}) {
    auto at = r.out.find(expected);
    EXPECT_NE(at, std::string::npos) << "missing: " << expected << "\n" << r.out;
    EXPECT_GT(at, policies) << expected << " is listed under policies";
  }
}

}  // namespace
}  // namespace sockserv::test
