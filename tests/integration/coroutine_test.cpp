// What only the coroutine policy promises: many requests on one thread, blocking calls
// that suspend only their fiber, and stacks that fault cleanly when overrun.
#include "support/probe_plugin.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <sockserv/policies.hpp>

#include <gtest/gtest.h>

#include <csignal>

namespace sockserv::test {
namespace {

ServerOptions one_loop(std::shared_ptr<ProbeState> state, std::size_t stack = 256 * 1024) {
  ServerOptions o;
  o.name = "fibers";
  o.listen = "tcp://127.0.0.1:0";
  o.plugin = std::make_shared<ProbePlugin>(std::move(state));
  o.plugin_name = "probe";
  o.policy = make_coroutine_policy(1, stack);
  o.log = std::make_shared<RecordingLogger>();
  return o;
}

TEST(Coroutine, OneThreadHoldsTwoThousandConnectionsAndAnswersEach) {
  auto state = make_probe_state();
  ServerThread server(one_loop(state));
  std::vector<Client> clients;
  clients.reserve(2000);
  for (int i = 0; i < 2000; ++i) clients.emplace_back(server.endpoint());
  for (int i = 0; i < 2000; ++i) clients[std::size_t(i)].send("c" + std::to_string(i) + "\n");
  for (int i = 0; i < 2000; ++i)
    ASSERT_EQ(clients[std::size_t(i)].receive_line(), "c" + std::to_string(i) + "\n") << i;
  EXPECT_EQ(state->handled.load(), 2000);
}

TEST(Coroutine, SleepingRequestsOverlapOnOneThread) {
  auto state = make_probe_state();
  state->gate = 16;
  state->hold = std::chrono::seconds(20);
  ServerThread server(one_loop(state));
  std::vector<Client> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back(server.endpoint());
    clients.back().send("hold\n");
  }
  for (auto& c : clients) EXPECT_EQ(c.receive_line(), "held\n");
  EXPECT_EQ(state->max_active.load(), 16) << "sleep_for must suspend the fiber, not the thread";
}

/// Recurses until the stack runs out, unless the optimizer could see through it.
int deep(int n) {
  volatile char pad[4096];
  pad[n % 4096] = char(n);
  return n > 0 ? deep(n - 1) + pad[n % 4096] : 0;
}

class Overflow final : public StreamHandler {
 public:
  void handle(Stream& s) override {
    if (s.read_line()) s.write_all(std::to_string(deep(1 << 20)));
  }
};

class OverflowPlugin final : public Plugin {
 public:
  std::unique_ptr<StreamHandler> make_stream_handler() override {
    return std::make_unique<Overflow>();
  }
};

TEST(CoroutineDeathTest, StackOverflowFaultsOnTheGuardPage) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        ServerOptions o;
        o.listen = "tcp://127.0.0.1:0";
        o.plugin = std::make_shared<OverflowPlugin>();
        o.policy = make_coroutine_policy(1, 64 * 1024);
        o.log = std::make_shared<RecordingLogger>();
        ServerThread server(std::move(o));
        Client c(server.endpoint());
        c.send("go\n");
        c.receive(1);  // the process dies before an answer
        std::exit(0);  // reached only if the overflow went unnoticed
      },
      ::testing::KilledBySignal(SIGSEGV), "");
}

}  // namespace
}  // namespace sockserv::test
