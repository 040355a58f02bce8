// The SDK's runtime — spawn, Channel, Event, connect, listen, sleep_for — used by one
// handler, in plain blocking style, passing identically under every policy.
#include "support/policies.hpp"
#include "support/probe_plugin.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <sockserv/channel.hpp>
#include <sockserv/connect.hpp>
#include <sockserv/event.hpp>
#include <sockserv/spawn.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace sockserv::test {
namespace {

/// Answers one command line, then (for "relay") keeps the connection.
class RuntimeHandler final : public StreamHandler {
 public:
  void handle(Stream& s) override {
    auto line = s.read_line();
    if (!line) return;
    std::istringstream words(*line);
    std::string command, argument;
    words >> command >> argument;
    if (command == "relay") relay(s);
    else if (command == "connect") relay_through(s, argument);
    else if (command == "listen") listen_once(s);
    else if (command == "event") event(s);
    else if (command == "timeouts") timeouts(s);
    else if (command == "forget") forget(s);
    else if (command == "fail") fail();
    else s.write_all("unknown\n");
  }

 private:
  // A reader task feeds a small channel; this task writes what it pops: one connection,
  // two flows of control, back-pressure through the channel.
  static void relay(Stream& s) {
    Channel<std::string> lines(2);
    TaskHandle reader = spawn([&] {
      while (auto l = s.read_line())
        if (!lines.push(*l)) break;
      lines.close();
    });
    int n = 0;
    while (auto l = lines.pop()) s.write_all("got " + *l + "\n"), ++n;
    reader.join();
    s.write_all("relayed " + std::to_string(n) + "\n");
  }

  static void relay_through(Stream& s, const std::string& endpoint) {
    auto peer = connect(endpoint, std::chrono::seconds(10));
    peer->write_all("through\n");
    auto answer = peer->read_line();
    s.write_all("peer said " + answer.value_or("nothing") + "\n");
  }

  static void listen_once(Stream& s) {
    auto listener = listen(Endpoint::parse("tcp://127.0.0.1:0"));
    s.write_all(std::to_string(listener->endpoint().port) + "\n");
    auto accepted = listener->accept(std::chrono::seconds(10));
    if (!accepted) return s.write_all("nobody came\n");
    accepted->write_all("hello from the listener\n");
    s.write_all("accepted\n");
  }

  static void event(Stream& s) {
    Event ready;
    TaskHandle setter = spawn([&] {
      sleep_for(std::chrono::milliseconds(20));
      ready.set();
    });
    bool set = ready.wait(std::chrono::seconds(10));
    setter.join();
    s.write_all(set ? "event set\n" : "event lost\n");
  }

  // Spawns a sibling and returns without joining it: the framework must join it before
  // the connection closes, so its late write still arrives.
  static void forget(Stream& s) {
    spawn([&s] {
      sleep_for(std::chrono::milliseconds(20));
      s.write_all("sibling outlived its handler\n");
    });
  }

  // A sibling that throws: its error is logged; the server goes on.
  static void fail() {
    spawn([] { throw std::runtime_error("sibling failed on purpose"); });
  }

  static void timeouts(Stream& s) {
    Channel<int> empty(1);
    Event never;
    bool pop_timed_out = !empty.pop(std::chrono::milliseconds(10));
    bool wait_timed_out = !never.wait(std::chrono::milliseconds(10));
    s.write_all(pop_timed_out && wait_timed_out ? "both timed out\n" : "wrong\n");
  }
};

class RuntimePlugin final : public Plugin {
 public:
  std::unique_ptr<StreamHandler> make_stream_handler() override {
    return std::make_unique<RuntimeHandler>();
  }
};

class Runtime : public ::testing::TestWithParam<std::string> {
 protected:
  ServerOptions options(std::shared_ptr<Plugin> plugin, const std::string& name) {
    ServerOptions o;
    o.name = name;
    o.listen = "tcp://127.0.0.1:0";
    o.plugin = std::move(plugin);
    o.policy = make_policy(GetParam());
    o.log = log;
    return o;
  }
  std::string line(Client& c) {
    std::string l = c.receive_line();
    if (!l.empty() && l.back() == '\n') l.pop_back();
    return l;
  }
  std::shared_ptr<RecordingLogger> log = std::make_shared<RecordingLogger>();
};

TEST_P(Runtime, ReaderAndWriterTasksShareOneConnectionThroughAChannel) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("relay\n");
  for (int i = 0; i < 5; ++i) c.send("line " + std::to_string(i) + "\n");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(line(c), "got line " + std::to_string(i));
  c.close_write();
  EXPECT_EQ(line(c), "relayed 5");
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(Runtime, ConnectReachesAnotherServer) {
  auto state = make_probe_state();
  ServerThread echo(options(std::make_shared<ProbePlugin>(state), "echo"));
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("connect " + echo.endpoint().to_string() + "\n");
  EXPECT_EQ(line(c), "peer said through");
}

TEST_P(Runtime, ConnectByHostNameResolvesWithoutBlockingTheLoop) {
  auto state = make_probe_state();
  ServerThread echo(options(std::make_shared<ProbePlugin>(state), "echo"));
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("connect tcp://localhost:" + std::to_string(echo.endpoint().port) + "\n");
  EXPECT_EQ(line(c), "peer said through");
}

TEST_P(Runtime, ListenAcceptsAConnectionInsideAHandler) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("listen\n");
  std::string port = line(c);
  ASSERT_FALSE(port.empty());
  Client other(Endpoint::parse("tcp://127.0.0.1:" + port));
  EXPECT_EQ(other.receive_line(), "hello from the listener\n");
  EXPECT_EQ(line(c), "accepted");
}

TEST_P(Runtime, EventWakesItsWaiter) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("event\n");
  EXPECT_EQ(line(c), "event set");
}

TEST_P(Runtime, ChannelAndEventWaitsTimeOut) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("timeouts\n");
  EXPECT_EQ(line(c), "both timed out");
}

TEST_P(Runtime, NoHandlerErrorsWereLogged) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  {
    Client c(server.endpoint());
    c.send("event\n");
    EXPECT_EQ(line(c), "event set");
  }
  server.stop();
  EXPECT_EQ(log->count(LogLevel::error, ""), 0u) << log->dump();
}

TEST_P(Runtime, AnUnjoinedSiblingIsJoinedBeforeTheConnectionCloses) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  Client c(server.endpoint());
  c.send("forget\n");
  EXPECT_EQ(line(c), "sibling outlived its handler");
  EXPECT_TRUE(c.wait_closed());
}

TEST_P(Runtime, ASiblingsErrorIsLoggedAndTheServerGoesOn) {
  ServerThread server(options(std::make_shared<RuntimePlugin>(), "runtime"));
  {
    Client c(server.endpoint());
    c.send("fail\n");
    EXPECT_TRUE(c.wait_closed());
  }
  ASSERT_TRUE(eventually([&] { return log->count(LogLevel::error, "sibling failed on purpose") == 1; }))
      << log->dump();
  EXPECT_EQ(log->count(LogLevel::error, "a spawned task failed"), 1u) << log->dump();
  Client next(server.endpoint());
  next.send("event\n");
  EXPECT_EQ(line(next), "event set");
}

INSTANTIATE_TEST_SUITE_P(AllPolicies, Runtime, ::testing::ValuesIn(all_policies()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sockserv::test
