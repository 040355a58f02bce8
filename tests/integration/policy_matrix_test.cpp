// One test body over every transport × policy, as socketserver's tests run one driver over
// every server class: a handler written once must behave the same under each.
#include "support/policies.hpp"
#include "support/probe_plugin.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <future>
#include <tuple>

namespace sockserv::test {
namespace {

using Param = std::tuple<std::string, std::string>;  // transport, policy

class PolicyMatrix : public ::testing::TestWithParam<Param> {
 protected:
  const std::string& transport() const { return std::get<0>(GetParam()); }
  const std::string& policy() const { return std::get<1>(GetParam()); }
  bool datagram() const { return transport().starts_with("udp") || transport() == "unixgram"; }

  std::string listen_url() const {
    if (transport() == "tcp4") return "tcp://127.0.0.1:0";
    if (transport() == "tcp6") return "tcp://[::1]:0";
    if (transport() == "udp4") return "udp://127.0.0.1:0";
    if (transport() == "udp6") return "udp://[::1]:0";
    if (transport() == "unix") return "unix://" + dir / "server.sock";
    return "unixgram://" + dir / "server.dgram";
  }

  ServerOptions options(Duration shutdown_timeout = std::chrono::seconds(10)) {
    ServerOptions o;
    o.name = "matrix";
    o.listen = listen_url();
    o.plugin = std::make_shared<ProbePlugin>(state);
    o.plugin_name = "probe";
    o.policy = make_policy(policy());
    o.log = log;
    o.shutdown_timeout = shutdown_timeout;
    return o;
  }

  /// Sends one command and returns the answer without its line end.
  std::string ask(Client& client, const std::string& command) {
    if (datagram()) {
      client.send(command);
      return client.receive(0);
    }
    client.send(command + "\n");
    std::string line = client.receive_line();
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  /// The answer to a command sent earlier.
  std::string answer(Client& client) {
    if (datagram()) return client.receive(0);
    std::string line = client.receive_line();
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  TempDir dir;
  std::shared_ptr<ProbeState> state = make_probe_state();
  std::shared_ptr<RecordingLogger> log = std::make_shared<RecordingLogger>();
};

TEST_P(PolicyMatrix, AnswersEveryRequestOfEveryClient) {
  ServerThread server(options());
  // One client after another: under serial a connection holds the server until it closes.
  for (int i = 0; i < 3; ++i) {
    Client client(server.endpoint());
    for (int round = 0; round < 3; ++round) {
      std::string message = "message " + std::to_string(round) + " from " + std::to_string(i);
      EXPECT_EQ(ask(client, message), message);
    }
  }
}

TEST_P(PolicyMatrix, RequestsOverlapExactlyAsThePolicyAllows) {
  const int clients_count = 8;
  bool concurrent = policy() != "serial";
  state->gate = clients_count;
  // Concurrent policies: everyone waits for everyone, so full overlap is certain and quick.
  // Serial: each holds 200ms alone; the gate is never reached.
  state->hold = concurrent ? std::chrono::seconds(20) : std::chrono::milliseconds(200);
  ServerThread server(options());
  std::vector<Client> clients;
  for (int i = 0; i < clients_count; ++i) {
    clients.emplace_back(server.endpoint());
    clients.back().send(datagram() ? "hold" : "hold\n");
    if (!datagram()) clients.back().close_write();  // so serial can move on to the next
  }
  for (auto& c : clients) EXPECT_EQ(answer(c), "held");
  EXPECT_EQ(state->max_active.load(), concurrent ? clients_count : 1);
}

TEST_P(PolicyMatrix, HandlerExceptionEndsOnlyItsRequest) {
  ServerThread server(options());
  Client failing(server.endpoint());
  failing.send(datagram() ? "boom" : "boom\n");
  if (!datagram()) {
    EXPECT_TRUE(failing.wait_closed());
  }
  ASSERT_TRUE(eventually([&] { return log->count(LogLevel::error, "boom requested") == 1; }))
      << log->dump();
  EXPECT_EQ(log->count(LogLevel::error, "server 'matrix', plugin 'probe', peer "), 1u);
  EXPECT_TRUE(eventually([&] { return state->finished.load() == 1; }))
      << "finish() must run after handle() threw";
  Client next(server.endpoint());
  EXPECT_EQ(ask(next, "still serving"), "still serving");
}

TEST_P(PolicyMatrix, ShutdownLetsAnInFlightRequestFinish) {
  auto server = std::make_unique<ServerThread>(options());
  Client client(server->endpoint());
  client.send(datagram() ? "slow" : "slow\n");
  if (!datagram()) client.close_write();  // the connection ends once "slow" is answered
  ASSERT_TRUE(eventually([&] { return state->handled.load() == 1; }));
  auto stopped = std::async(std::launch::async, [&] { server->stop(); });
  EXPECT_EQ(answer(client), "done");
  stopped.get();
  EXPECT_EQ(state->finished.load(), 1);
}

TEST_P(PolicyMatrix, ShutdownCancelsWhatOutlivesTheDrainDeadline) {
  auto server = std::make_unique<ServerThread>(options(std::chrono::milliseconds(100)));
  Client client(server->endpoint());
  client.send(datagram() ? "sleep" : "sleep\n");
  ASSERT_TRUE(eventually([&] { return state->handled.load() == 1; }));
  server->stop();  // returns only once the hour-long sleep has been cancelled
  EXPECT_EQ(state->finished.load(), 1);
  EXPECT_EQ(log->count(LogLevel::info, "drain deadline passed"), 1u) << log->dump();
  if (!datagram()) {
    EXPECT_TRUE(client.wait_closed());
  }
}

std::string case_name(const ::testing::TestParamInfo<Param>& info) {
  return std::get<0>(info.param) + "_" + std::get<1>(info.param);
}

INSTANTIATE_TEST_SUITE_P(AllTransportsAllPolicies, PolicyMatrix,
                         ::testing::Combine(::testing::Values("tcp4", "tcp6", "udp4", "udp6",
                                                              "unix", "unixgram"),
                                            ::testing::ValuesIn(all_policies())),
                         case_name);

}  // namespace
}  // namespace sockserv::test
