// One `sockserv run` chat server listening on TCP and UDP (`listen:` as a list) with
// backend: memory: one process, one plugin object, so UDP and TCP members share lobby.
#include "chat_support.hpp"

#include "support/process.hpp"
#include "support/run_helpers.hpp"

#include <sys/wait.h>

#include <csignal>

namespace sockserv::test {
namespace {

std::string datagram(Client& c) {
  std::string d = c.receive(0);
  if (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

TEST(ChatListenList, UdpAndTcpMembersOfOneServerShareTheLobbyInMemory) {
  TempDir dir;
  std::string yaml = "shutdown_timeout: 1s\nservers:\n  chat:\n"
                     "    listen: [tcp://127.0.0.1:0, udp://127.0.0.1:0]\n"
                     "    policy: {type: coroutine, threads: 1}\n"
                     "    handler: {plugin: chat, backend: memory}\n";
  Process p({SOCKSERV_BIN, "run", write_config(dir, "chat.yaml", yaml)});
  ASSERT_TRUE(p.wait_for_output("[chat] listening on udp://", 20s)) << p.err();
  auto endpoints = listening_all(p, "chat");
  ASSERT_EQ(endpoints.size(), 2u) << p.err();
  {
    auto alice = ChatClient::login(endpoints[0], "alice");
    auto bob = ChatClient::login(endpoints[0], "bob");
    Client ursula(endpoints[1]);
    ursula.send("username@ursula");
    EXPECT_EQ(datagram(ursula), "* ursula joined lobby");
    EXPECT_EQ(alice.expect("ursula"), "* ursula joined lobby");
    ursula.send("hello from udp");
    EXPECT_EQ(datagram(ursula), "ursula: hello from udp");
    EXPECT_EQ(alice.expect("ursula:"), "ursula: hello from udp");
    EXPECT_EQ(bob.expect("ursula:"), "ursula: hello from udp");
    alice.say("hello from tcp");
    EXPECT_EQ(datagram(ursula), "alice: hello from tcp");
    EXPECT_EQ(bob.expect("alice:"), "alice: hello from tcp");
    bob.say("/who");
    EXPECT_EQ(bob.expect("* in lobby"), "* in lobby: alice, bob, ursula");
  }
  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
}

}  // namespace
}  // namespace sockserv::test
