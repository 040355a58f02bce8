// `listen:` as a list: one server, one plugin object per process, serving every endpoint
// listed; with `processes: 2` every worker serves all of them. Echo answers on each.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>

namespace sockserv::test {
namespace {

const std::string sockserv_bin = SOCKSERV_BIN;

class ListenList : public ::testing::Test {
 protected:
  /// `sockserv run` of one echo server on a TCP and a UDP endpoint (free ports).
  std::unique_ptr<Process> run(int processes) {
    std::string yaml = "shutdown_timeout: 2s\nservers:\n  e:\n"
                       "    listen: [tcp://127.0.0.1:0, udp://127.0.0.1:0]\n"
                       "    policy: threading\n    processes: " + std::to_string(processes) +
                       "\n    handler: {path: '" ECHO_LIBRARY "'}\n";
    auto p = std::make_unique<Process>(
        std::vector<std::string>{sockserv_bin, "run", write_config(dir, "e.yaml", yaml)});
    for (int i = 1; i <= processes; ++i) {
      std::string label = processes == 1 ? "e" : "e#" + std::to_string(i);
      EXPECT_TRUE(p->wait_for_output("[" + label + "] listening on udp://", 20s)) << p->err();
      EXPECT_EQ(listening_all(*p, label).size(), 2u) << p->err();
    }
    return p;
  }
  static void stop(Process& p) {
    p.signal(SIGTERM);
    auto status = p.wait(30s);
    ASSERT_TRUE(status) << p.err();
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
  }
  /// Both endpoints as the first worker logged them: TCP, then UDP.
  static std::vector<Endpoint> endpoints(const Process& p, const std::string& label) {
    return listening_all(p, label);
  }

  TempDir dir;
};

void expect_echo(const std::vector<Endpoint>& endpoints) {
  ASSERT_EQ(endpoints.size(), 2u);
  EXPECT_EQ(endpoints[0].transport, Transport::tcp);
  EXPECT_EQ(endpoints[1].transport, Transport::udp);
  Client tcp(endpoints[0]);
  tcp.send("over tcp\n");
  EXPECT_EQ(tcp.receive_line(), "over tcp\n");
  Client udp(endpoints[1]);
  udp.send("over udp");
  EXPECT_EQ(udp.receive(0), "over udp");
}

TEST_F(ListenList, BothEndpointsOfOneServerAnswer) {
  auto p = run(1);
  expect_echo(endpoints(*p, "e"));
  // The supervisor logs "started" itself: its line may come after the worker's "listening".
  ASSERT_TRUE(p->wait_for_output("server 'e' started", 20s)) << p->err();
  EXPECT_EQ(p->lines_with("server 'e' started").size(), 1u) << "one process serves both";
  stop(*p);
}

TEST_F(ListenList, EveryWorkerServesEveryEndpoint) {
  auto p = run(2);
  auto first = endpoints(*p, "e#1");
  EXPECT_EQ(endpoints(*p, "e#2"), first) << "the workers share the supervisor's sockets";
  for (int i = 0; i < 4; ++i) expect_echo(first);
  stop(*p);
}

}  // namespace
}  // namespace sockserv::test
