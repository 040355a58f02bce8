// The plugin test harness (sockserv/testing.hpp) as a plugin author uses it: a library or a
// plugin class served on port 0 under each policy, options checked as the launcher checks
// them, and the launcher's refusals.
#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/testing.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using sockserv::testing::TestClient;
using sockserv::testing::TestServer;

/// Greets each connection with its `word` option.
class HelloPlugin final : public sockserv::Plugin {
 public:
  explicit HelloPlugin(const sockserv::PluginContext& c) : word_(c.options.get_string("word")) {}
  static sockserv::PluginInfo info() {
    return {"hello", "1.0.0", "says one word", sockserv::TransportSet::all(),
            {{"word", sockserv::OptionType::string, "hello", "what to say", "", "", {"hello", "hi"}}}};
  }
  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    struct Handler final : sockserv::StreamHandler {
      explicit Handler(std::string w) : word(std::move(w)) {}
      void handle(sockserv::Stream& stream) override { stream.write_all(word + "\n"); }
      std::string word;
    };
    return std::make_unique<Handler>(word_);
  }

 private:
  std::string word_;
};

std::string message_of(auto make) {
  try {
    make();
  } catch (const sockserv::Error& e) {
    return e.what();
  }
  return "(no error)";
}

class HarnessPolicies : public ::testing::TestWithParam<std::string> {};

TEST_P(HarnessPolicies, ServesALibraryAsTheLauncherLoadsIt) {
  TestServer server(ECHO_LIBRARY, {.policy = GetParam()});
  EXPECT_EQ(server.endpoint().host, "127.0.0.1");
  EXPECT_NE(server.endpoint().port, 0);
  TestClient client(server.endpoint());
  client.send("ping\nrest");
  EXPECT_EQ(client.receive_line(), "ping\n");
  client.close_write();
  EXPECT_EQ(client.receive_all(), "rest");
}

TEST_P(HarnessPolicies, ServesAPluginClass) {
  TestServer server(sockserv::testing::make_plugin<HelloPlugin>({{"word", "hi"}}),
                    {.policy = GetParam()});
  TestClient client(server.endpoint());
  EXPECT_EQ(client.receive_line(), "hi\n");
  EXPECT_TRUE(client.wait_closed());
}

INSTANTIATE_TEST_SUITE_P(Builtin, HarnessPolicies,
                         ::testing::Values("serial", "threading", "forking", "coroutine"));

TEST(Harness, ServesDatagrams) {
  TestServer server(ECHO_LIBRARY, {.listen = "udp://127.0.0.1:0"});
  TestClient client(server.endpoint());
  client.send("one datagram");
  EXPECT_EQ(client.receive(0), "one datagram");
}

TEST(Harness, ChecksPluginOptionsAsTheLauncherDoes) {
  auto bad_choice = message_of([] { sockserv::testing::make_plugin<HelloPlugin>({{"word", "hey"}}); });
  EXPECT_NE(bad_choice.find("handler.word"), std::string::npos) << bad_choice;
  EXPECT_NE(bad_choice.find("hello"), std::string::npos) << bad_choice;
  auto unknown = message_of([] {
    TestServer s(TEST_PLUGIN_DIR "/options_plugin.so", {.plugin_options = {{"cuont", "2"}}});
  });
  EXPECT_NE(unknown.find("did you mean 'count'"), std::string::npos) << unknown;
  auto range = message_of([] {
    TestServer s(TEST_PLUGIN_DIR "/options_plugin.so", {.plugin_options = {{"count", "11"}}});
  });
  EXPECT_NE(range.find("handler.count"), std::string::npos) << range;
}

TEST(Harness, ChecksPolicyAndItsOptions) {
  auto unknown = message_of([] { TestServer s(ECHO_LIBRARY, {.policy = "threadng"}); });
  EXPECT_NE(unknown.find("unknown policy 'threadng'"), std::string::npos) << unknown;
  auto bad = message_of([] {
    TestServer s(ECHO_LIBRARY, {.policy = "threading", .policy_options = {{"max_threads", "x"}}});
  });
  EXPECT_NE(bad.find("policy.max_threads"), std::string::npos) << bad;
  TestServer fine(ECHO_LIBRARY, {.policy = "threading", .policy_options = {{"max_threads", "2"}}});
}

TEST(Harness, RefusesWhatTheLoaderRefuses) {
  auto abi = message_of([] { TestServer s(TEST_PLUGIN_DIR "/wrong_abi.so"); });
  EXPECT_NE(abi.find("ABI"), std::string::npos) << abi;
  auto transport = message_of([] {
    TestServer s(TEST_PLUGIN_DIR "/options_plugin.so", {.listen = "udp://127.0.0.1:0"});
  });
  EXPECT_NE(transport.find("does not serve udp"), std::string::npos) << transport;
}

}  // namespace
