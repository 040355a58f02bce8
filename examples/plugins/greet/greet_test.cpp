// greet's tests: the library as `sockserv run` loads it, served in-process on a free
// loopback port under every built-in policy, through the SDK's harness.
#include <sockserv/error.hpp>
#include <sockserv/testing.hpp>

#include <gtest/gtest.h>

namespace {

using sockserv::testing::TestClient;
using sockserv::testing::TestServer;

class Greet : public ::testing::TestWithParam<std::string> {};

TEST_P(Greet, AnswersEachLine) {
  TestServer server(GREET_LIBRARY, {.policy = GetParam()});
  TestClient client(server.endpoint());
  client.send("Ada\nGrace\r\n");
  EXPECT_EQ(client.receive_line(), "hello, Ada!\n");
  EXPECT_EQ(client.receive_line(), "hello, Grace!\n");
  client.close_write();
  EXPECT_TRUE(client.wait_closed());
}

TEST_P(Greet, ServesClientsSideBySide) {
  TestServer server(GREET_LIBRARY, {.policy = GetParam(), .plugin_options = {{"greeting", "hi"}}});
  TestClient first(server.endpoint()), second(server.endpoint());
  first.send("one\n");
  EXPECT_EQ(first.receive_line(), "hi, one!\n");
  if (GetParam() == "serial") return;  // one connection at a time: the second waits
  second.send("two\n");
  EXPECT_EQ(second.receive_line(), "hi, two!\n");
}

INSTANTIATE_TEST_SUITE_P(Policies, Greet,
                         ::testing::Values("serial", "threading", "forking", "coroutine"));

TEST(GreetOptions, AreCheckedAsTheLauncherChecksThem) {
  try {
    TestServer server(GREET_LIBRARY, {.plugin_options = {{"greting", "hi"}}});
    FAIL() << "an unknown option was accepted";
  } catch (const sockserv::Error& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'greeting'"), std::string::npos) << e.what();
  }
}

TEST(GreetTransports, RefusesAnEndpointItDoesNotServe) {
  EXPECT_THROW(TestServer(GREET_LIBRARY, {.listen = "udp://127.0.0.1:0"}), sockserv::Error);
}

}  // namespace
