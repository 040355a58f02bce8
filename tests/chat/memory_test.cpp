// The chat protocol with backend: memory, under threading and coroutine: several TCP
// members across rooms, UDP members speaking the classic protocol beside them, and a member
// that never reads.
#include "chat_support.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>

namespace sockserv::test {
namespace {

class ChatMemory : public ::testing::TestWithParam<std::string> {
 protected:
  /// A TCP chat server with `overrides`, on a hub of this test's own.
  std::unique_ptr<ServerThread> tcp(std::map<std::string, std::string> overrides = {}) {
    overrides.emplace("hub", hub());
    return std::make_unique<ServerThread>(
        chat_server(make_chat(Transport::tcp, overrides), "tcp://127.0.0.1:0", GetParam()));
  }
  /// A UDP chat server on the same hub.
  std::unique_ptr<ServerThread> udp(std::map<std::string, std::string> overrides = {}) {
    overrides.emplace("hub", hub());
    return std::make_unique<ServerThread>(
        chat_server(make_chat(Transport::udp, overrides), "udp://127.0.0.1:0", GetParam()));
  }
  static std::string hub() {
    const auto* t = ::testing::UnitTest::GetInstance()->current_test_info();
    return std::string(t->test_suite_name()) + "." + t->name();
  }
};

/// One datagram from `c`, without its "\n".
std::string datagram(Client& c) {
  std::string d = c.receive(0);
  if (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

/// Receives datagrams until one contains `text`; returns it, or "" after io_timeout.
std::string expect_datagram(Client& c, const std::string& text) {
  for (std::string d; !(d = datagram(c)).empty();)
    if (d.find(text) != std::string::npos) return d;
  ADD_FAILURE() << "no datagram containing '" << text << "'";
  return "";
}

TEST_P(ChatMemory, LinesReachTheRoomAndOnlyTheRoom) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  auto carol = ChatClient::login(server->endpoint(), "carol");
  EXPECT_NE(alice.expect("* bob joined lobby"), "");
  carol.say("/join dev");
  EXPECT_NE(carol.expect("* you joined dev; in dev: carol"), "");
  EXPECT_NE(bob.expect("* carol left lobby"), "");
  alice.say("hello");
  EXPECT_EQ(bob.expect("alice: hello"), "alice: hello");
  alice.say("/msg carol ping");  // carol's lines are in order: "hello" would come first
  EXPECT_EQ(carol.expect("(private) alice: ping"), "(private) alice: ping");
  EXPECT_EQ(carol.skipped().find("hello"), std::string::npos) << carol.skipped();
  alice.say("/who");
  EXPECT_EQ(alice.expect("* in lobby"), "* in lobby: alice, bob");
  EXPECT_EQ(alice.skipped().find("alice: hello"), std::string::npos) << "no echo to the sender";
}

TEST_P(ChatMemory, PrivateMessagesReachOnlyTheirTarget) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  auto carol = ChatClient::login(server->endpoint(), "carol");
  alice.say("/msg bob meet at noon");
  EXPECT_EQ(bob.expect("(private)"), "(private) alice: meet at noon");
  EXPECT_EQ(alice.expect("(private to"), "(private to bob) meet at noon");
  alice.say("/msg nobody hi");
  EXPECT_EQ(alice.expect("! no such"), "! no such nickname 'nobody'");
  alice.say("/msg bob");
  EXPECT_EQ(alice.expect("! usage"), "! usage: /msg NICK TEXT");
  carol.say("/who");
  carol.expect("* in lobby");
  EXPECT_EQ(carol.skipped().find("noon"), std::string::npos) << carol.skipped();
}

TEST_P(ChatMemory, ANicknameClashGetsAnErrorAndASuggestion) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  ChatClient second(server->endpoint());
  second.expect("What is your nickname?");
  second.say("alice");
  EXPECT_EQ(second.expect("! nickname"), "! nickname 'alice' is taken; try 'alice_2'");
  second.say("not valid!");
  EXPECT_NE(second.expect("! 'not valid!' is not a valid nickname"), "");
  second.say("alice_2");
  EXPECT_NE(second.expect("* you joined lobby"), "");
  second.say("/nick alice");
  EXPECT_EQ(second.expect("! nickname"), "! nickname 'alice' is taken; try 'alice_3'");
  second.say("/nick zed");
  EXPECT_EQ(second.expect("* you are now"), "* you are now zed");
  EXPECT_EQ(alice.expect("known as"), "* alice_2 is now known as zed");
  alice.say("/msg zed hi");
  EXPECT_EQ(second.expect("(private)"), "(private) alice: hi");
}

TEST_P(ChatMemory, WhoListsTheRoomAndRoomsListsEveryRoom) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  auto carol = ChatClient::login(server->endpoint(), "carol");
  carol.say("/join dev");
  carol.expect("* you joined dev");
  alice.say("/who");
  EXPECT_EQ(alice.expect("* in "), "* in lobby: alice, bob");
  alice.say("/rooms");
  EXPECT_EQ(alice.expect("* rooms"), "* rooms: dev (1), lobby (2)");
  carol.say("/who");
  EXPECT_EQ(carol.expect("* in "), "* in dev: carol");
  carol.say("/join bad room");
  EXPECT_NE(carol.expect("! 'bad room' is not a valid room name"), "");
}

TEST_P(ChatMemory, JoiningSendsTheRoomsLastMessagesFirst) {
  auto server = tcp({{"history", "3"}});
  auto alice = ChatClient::login(server->endpoint(), "alice");
  for (int i = 1; i <= 5; ++i) alice.say("m" + std::to_string(i));
  alice.say("/me waves");
  alice.say("/who");  // alice's own lines are handled in order: history holds all six now
  alice.expect("* in lobby");
  ChatClient dave(server->endpoint());
  dave.expect("What is your nickname?");
  dave.say("dave");
  dave.expect("* you are dave");
  EXPECT_EQ(dave.line(), "alice: m4");
  EXPECT_EQ(dave.line(), "alice: m5");
  EXPECT_EQ(dave.line(), "* alice waves");
  EXPECT_EQ(dave.line(), "* you joined lobby; in lobby: alice, dave");
  dave.say("/join dev");
  dave.expect("* you joined dev");
  dave.say("/join lobby");
  EXPECT_EQ(dave.line(), "alice: m4");
}

TEST_P(ChatMemory, ALineOverMaxLineGetsAnErrorAndTheConnectionGoesOn) {
  auto server = tcp({{"max_line", "32"}});
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  alice.say(std::string(100, 'x'));
  EXPECT_EQ(alice.expect("! line"), "! line too long (over 32 bytes); not sent");
  alice.say(std::string(200000, 'y') + "\nstill here");  // many reads long, then a good line
  EXPECT_EQ(alice.expect("! line"), "! line too long (over 32 bytes); not sent");
  EXPECT_EQ(bob.expect("alice:"), "alice: still here");
  EXPECT_EQ(bob.skipped().find("xxx"), std::string::npos);
  EXPECT_EQ(bob.skipped().find("yyy"), std::string::npos);
}

TEST_P(ChatMemory, Utf8PassesThroughAndCrlfOrLfEndALine) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  alice.raw().send("h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93 \xF0\x9F\x98\x80\r\n");
  EXPECT_EQ(bob.expect("alice:"), "alice: h\xC3\xA9llo w\xC3\xB6rld \xE2\x9C\x93 \xF0\x9F\x98\x80");
  alice.raw().send("plain lf\n");
  EXPECT_EQ(bob.expect("alice:"), "alice: plain lf");
}

TEST_P(ChatMemory, MeHelpUnknownAndQuit) {
  auto server = tcp();
  auto alice = ChatClient::login(server->endpoint(), "alice");
  auto bob = ChatClient::login(server->endpoint(), "bob");
  alice.say("/me waves");
  EXPECT_EQ(bob.expect("waves"), "* alice waves");
  alice.say("/help");
  EXPECT_EQ(alice.expect("* commands"), "* commands:");
  EXPECT_NE(alice.expect("/msg NICK TEXT"), "");
  alice.say("/frob");
  EXPECT_EQ(alice.expect("! unknown"), "! unknown command '/frob'; /help lists the commands");
  alice.say("//not a command");
  EXPECT_EQ(bob.expect("alice:"), "alice: /not a command");
  alice.say("/quit");
  EXPECT_EQ(alice.expect("* bye"), "* bye");
  EXPECT_TRUE(alice.raw().wait_closed());
  EXPECT_EQ(bob.expect("left"), "* alice left lobby");
}

/// A member that logs in, then never reads: its receive buffer is small, so the server's
/// writes to it back up quickly.
class SlowMember {
 public:
  SlowMember(const Endpoint& endpoint, const std::string& nick) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int small = 4096;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons(endpoint.port);
    EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
    std::string line = nick + "\n";
    EXPECT_EQ(::send(fd_, line.data(), line.size(), MSG_NOSIGNAL), ssize_t(line.size()));
    EXPECT_TRUE(read_until("* you joined lobby"));
  }
  ~SlowMember() { ::close(fd_); }
  /// Reads until `text` has come, or end of stream or a reset (then true for "").
  bool read_until(const std::string& text) {
    std::string got;
    auto until = std::chrono::steady_clock::now() + io_timeout;
    while (std::chrono::steady_clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) != 1) continue;
      char buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return text.empty();
      got.append(buf, std::size_t(n));
      if (!text.empty() && got.find(text) != std::string::npos) return true;
    }
    return false;
  }

 private:
  int fd_ = -1;
};

TEST_P(ChatMemory, AMemberThatNeverReadsDelaysNobodyAndIsCutWhenItsOutboxFills) {
  auto server = tcp({{"outbox", "8"}, {"max_line", "16KiB"}});
  auto talker = ChatClient::login(server->endpoint(), "talker");
  auto listener = ChatClient::login(server->endpoint(), "listener");
  SlowMember slow(server->endpoint(), "slow");
  listener.expect("* slow joined lobby");
  // The kernel buffers megabytes for the slow member first (its send buffer grows up to
  // tcp_wmem's maximum, 4 MiB by default); then its outbox fills. The listener gets every
  // message meanwhile, each before the next is sent.
  const std::string notice = "* slow left lobby (disconnected: not reading: outbox full)";
  const std::string filler(16000, 'z');
  auto start = std::chrono::steady_clock::now();
  int sent = 0;
  for (; sent < 1000 && listener.skipped().find(notice) == std::string::npos; ++sent) {
    talker.say(std::to_string(sent) + " " + filler);
    ASSERT_EQ(listener.expect("talker: " + std::to_string(sent) + " "),
              "talker: " + std::to_string(sent) + " " + filler);
  }
  EXPECT_LT(sent, 1000) << "the slow member was never cut";
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  EXPECT_TRUE(slow.read_until("")) << "the slow member's connection ends";
  listener.say("/who");
  EXPECT_EQ(listener.expect("* in lobby"), "* in lobby: listener, talker");
}

TEST_P(ChatMemory, UdpMembersSpeakTheClassicProtocolBesideTcpMembers) {
  auto tcp_server = tcp();
  auto udp_server = udp();
  auto alice = ChatClient::login(tcp_server->endpoint(), "alice");
  Client ursula(udp_server->endpoint());
  ursula.send("hello?");
  EXPECT_EQ(datagram(ursula), "! you are not registered: send username@NAME first");
  ursula.send("username@ursula\n");
  EXPECT_EQ(datagram(ursula), "* ursula joined lobby");
  EXPECT_EQ(alice.expect("ursula"), "* ursula joined lobby");
  ursula.send("hi all");
  EXPECT_EQ(datagram(ursula), "ursula: hi all") << "every registered address hears it";
  EXPECT_EQ(alice.expect("ursula:"), "ursula: hi all");
  alice.say("hey ursula");
  EXPECT_EQ(expect_datagram(ursula, "alice:"), "alice: hey ursula");

  Client victor(udp_server->endpoint());
  victor.send("username@ursula");
  EXPECT_EQ(datagram(victor), "! nickname 'ursula' is taken; try 'ursula_2'");
  victor.send("username@alice");
  EXPECT_EQ(datagram(victor), "! nickname 'alice' is taken; try 'alice_2'");
  victor.send("username@victor");
  EXPECT_EQ(datagram(victor), "ursula: hi all") << "history first";
  EXPECT_EQ(datagram(victor), "alice: hey ursula");
  EXPECT_EQ(datagram(victor), "* victor joined lobby");
  EXPECT_EQ(expect_datagram(ursula, "victor"), "* victor joined lobby");
  alice.say("/who");
  EXPECT_EQ(alice.expect("* in lobby"), "* in lobby: alice, ursula, victor");
  alice.say("/msg ursula psst");
  EXPECT_EQ(expect_datagram(ursula, "(private)"), "(private) alice: psst");
  victor.send("username@vic");
  EXPECT_EQ(datagram(victor), "* victor is now known as vic");
  EXPECT_EQ(alice.expect("known as"), "* victor is now known as vic");
}

TEST_P(ChatMemory, AUdpRegistrationExpiresAfterUdpIdleTimeout) {
  auto tcp_server = tcp();
  auto udp_server = udp({{"udp_idle_timeout", "300ms"}});
  auto alice = ChatClient::login(tcp_server->endpoint(), "alice");
  Client ursula(udp_server->endpoint());
  ursula.send("username@ursula");
  EXPECT_EQ(datagram(ursula), "* ursula joined lobby");
  EXPECT_TRUE(eventually([&] {  // expiry is noticed by the next use of the hub
    alice.say("/who");
    return alice.expect("* in lobby") == "* in lobby: alice";
  }));
  EXPECT_NE(alice.skipped().find("* ursula left lobby (idle)"), std::string::npos)
      << alice.skipped();
  ursula.send("anyone?");
  EXPECT_EQ(expect_datagram(ursula, "!"), "! you are not registered: send username@NAME first");
}

INSTANTIATE_TEST_SUITE_P(Policies, ChatMemory, ::testing::Values("threading", "coroutine"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace sockserv::test
