// backend: redis with the real `sockserv run`: two sockserv processes (one under coroutine
// with two workers, one under forking) share a room through a redis-server this test starts
// on a free loopback port — TCP and UDP members alike, and on through Redis restarting.
#include "chat_support.hpp"

#include "support/process.hpp"
#include "support/run_helpers.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <algorithm>
#include <map>
#include <set>

namespace sockserv::test {
namespace {

const std::string sockserv_bin = SOCKSERV_BIN;

/// A loopback TCP port nothing listens on now.
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
  socklen_t len = sizeof sin;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  ::close(fd);
  return ntohs(sin.sin_port);
}

/// A redis-server of this test's own: no persistence, loopback only, ended by its PID.
class RedisServer {
 public:
  RedisServer() : port_(free_port()) { start(); }
  void start() {
    ASSERT_TRUE(std::filesystem::exists(REDIS_SERVER))
        << "redis-server not found (" REDIS_SERVER "); scripts/setup.sh installs it";
    process_ = std::make_unique<Process>(std::vector<std::string>{
        REDIS_SERVER, "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no"});
    ASSERT_TRUE(process_->wait_for_output("Ready to accept connections", 20s)) << process_->out();
  }
  /// SIGKILL, as a crash would.
  void kill() { process_.reset(); }
  std::string endpoint() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

 private:
  int port_;
  std::unique_ptr<Process> process_;
};

class ChatRedis : public ::testing::Test {
 protected:
  /// `sockserv run` on a config of a TCP chat server (and a UDP one if `udp`).
  std::unique_ptr<Process> run(const std::string& name, const std::string& policy, int processes,
                               bool udp) {
    std::string handler = "{plugin: chat, backend: redis, redis: '" + redis.endpoint() +
                          "', hub: t, history: 5}";
    std::string yaml = "shutdown_timeout: 1s\nservers:\n"
                       "  chat:\n    listen: tcp://127.0.0.1:0\n    policy: " + policy +
                       "\n    processes: " + std::to_string(processes) +
                       "\n    handler: " + handler + "\n";
    if (udp)
      yaml += "  chat-udp:\n    listen: udp://127.0.0.1:0\n    policy: threading\n"
              "    handler: " + handler + "\n";
    auto p = std::make_unique<Process>(
        std::vector<std::string>{sockserv_bin, "run", write_config(dir, name + ".yaml", yaml)});
    std::string label = processes > 1 ? "chat#1" : "chat";
    EXPECT_TRUE(p->wait_for_output("[" + label + "] listening on", 20s)) << p->err();
    if (udp) {
      EXPECT_TRUE(p->wait_for_output("[chat-udp] listening on", 20s)) << p->err();
    }
    return p;
  }
  /// `sockserv run` on `servers` (YAML under `servers:`), once every label has listened.
  std::unique_ptr<Process> run_servers(const std::string& name, const std::string& servers,
                                       const std::vector<std::string>& labels) {
    auto p = std::make_unique<Process>(std::vector<std::string>{
        sockserv_bin, "run", write_config(dir, name + ".yaml", "shutdown_timeout: 1s\nservers:\n" + servers)});
    for (const auto& label : labels)
      EXPECT_TRUE(p->wait_for_output("[" + label + "] listening on", 20s)) << p->err();
    return p;
  }
  /// A chat server's YAML on the test's Redis, hub t.
  std::string chat(const std::string& name, const std::string& listen, const std::string& policy,
                   int processes, const std::string& options = "") {
    return "  " + name + ":\n    listen: " + listen + "\n    policy: " + policy +
           "\n    processes: " + std::to_string(processes) +
           "\n    handler: {plugin: chat, backend: redis, redis: '" + redis.endpoint() +
           "', hub: t" + options + "}\n";
  }
  Endpoint tcp_of(const Process& p) {
    auto e = listening(p, "chat#1");
    return e ? *e : *listening(p, "chat");
  }
  /// SIGTERM, and a clean exit within the drain time.
  static void stop(std::unique_ptr<Process>& p) {
    p->signal(SIGTERM);
    auto status = p->wait(30s);
    ASSERT_TRUE(status) << p->err();
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p->err();
    EXPECT_TRUE(p->lines_with("killed by signal").empty()) << p->err();
  }

  TempDir dir;
  RedisServer redis;
};

std::string datagram(Client& c) {
  std::string d = c.receive(0);
  if (!d.empty() && d.back() == '\n') d.pop_back();
  return d;
}

std::string expect_datagram(Client& c, const std::string& text) {
  for (std::string d; !(d = datagram(c)).empty();)
    if (d.find(text) != std::string::npos) return d;
  ADD_FAILURE() << "no datagram containing '" << text << "'";
  return "";
}

TEST_F(ChatRedis, TwoProcessesShareARoomOverTcpAndUdp) {
  auto a = run("a", "{type: coroutine, threads: 1}", 2, true);
  auto b = run("b", "forking", 1, false);
  {
    auto alice = ChatClient::login(tcp_of(*a), "alice");
    auto bob = ChatClient::login(tcp_of(*b), "bob");
    EXPECT_EQ(alice.expect("joined"), "* bob joined lobby");
    alice.say("hello from a");
    EXPECT_EQ(bob.expect("alice:"), "alice: hello from a");
    bob.say("hello from b");
    EXPECT_EQ(alice.expect("bob:"), "bob: hello from b");
    bob.say("/who");
    EXPECT_EQ(bob.expect("* in lobby"), "* in lobby: alice, bob");
    alice.say("/msg bob across processes");
    EXPECT_EQ(bob.expect("(private)"), "(private) alice: across processes");

    ChatClient carol(tcp_of(*b));
    carol.expect("What is your nickname?");
    carol.say("alice");
    EXPECT_EQ(carol.expect("! nickname"), "! nickname 'alice' is taken; try 'alice_2'");
    carol.say("carol");
    carol.expect("* you are carol");
    EXPECT_EQ(carol.line(), "alice: hello from a") << "history, shared through Redis";
    EXPECT_EQ(carol.line(), "bob: hello from b");
    carol.say("/join dev");
    carol.expect("* you joined dev");
    alice.say("/rooms");
    EXPECT_EQ(alice.expect("* rooms"), "* rooms: dev (1), lobby (2)");

    Client ursula(*listening(*a, "chat-udp"));
    ursula.send("username@ursula");
    EXPECT_EQ(datagram(ursula), "alice: hello from a") << "history first";
    EXPECT_EQ(datagram(ursula), "bob: hello from b");
    EXPECT_EQ(datagram(ursula), "* ursula joined lobby");
    EXPECT_EQ(bob.expect("ursula"), "* ursula joined lobby");
    ursula.send("hi from udp");
    EXPECT_EQ(expect_datagram(ursula, "ursula:"), "ursula: hi from udp");
    EXPECT_EQ(bob.expect("ursula:"), "ursula: hi from udp");
    bob.say("hey ursula");
    EXPECT_EQ(expect_datagram(ursula, "bob:"), "bob: hey ursula");
    alice.say("/who");
    EXPECT_EQ(alice.expect("* in lobby"), "* in lobby: alice, bob, ursula");
    alice.say("/quit");
    EXPECT_EQ(bob.expect("left"), "* alice left lobby");
  }
  stop(a);
  stop(b);
}

TEST_F(ChatRedis, RoomsWorkAgainWhenRedisComesBack) {
  auto a = run("a", "{type: coroutine, threads: 1}", 1, true);
  auto b = run("b", "forking", 1, false);
  {
    auto alice = ChatClient::login(tcp_of(*a), "alice");
    auto bob = ChatClient::login(tcp_of(*b), "bob");
    Client ursula(*listening(*a, "chat-udp"));
    ursula.send("username@ursula");
    EXPECT_EQ(datagram(ursula), "* ursula joined lobby");
    bob.expect("* ursula joined lobby");
    alice.say("before");
    EXPECT_EQ(bob.expect("alice:"), "alice: before");
    // Alice's lines are handled in order: once /rooms is answered, "before" has had all its
    // replies, so the kill below cannot fall between its publish and its last reply.
    alice.say("/rooms");
    alice.expect("* rooms");

    redis.kill();
    EXPECT_EQ(alice.expect("backend"), "* chat backend lost, reconnecting");
    EXPECT_EQ(bob.expect("backend"), "* chat backend lost, reconnecting");
    EXPECT_EQ(expect_datagram(ursula, "backend"), "* chat backend lost, reconnecting");
    alice.say("while it is down");
    EXPECT_EQ(alice.expect("!"), "! chat backend unavailable (reconnecting); not done, try again shortly");

    redis.start();
    EXPECT_EQ(alice.expect("backend"), "* chat backend back");
    EXPECT_EQ(bob.expect("backend"), "* chat backend back");
    EXPECT_EQ(expect_datagram(ursula, "backend"), "* chat backend back");
    alice.say("after");
    EXPECT_EQ(bob.expect("alice:"), "alice: after");
    ursula.send("me too");
    EXPECT_EQ(bob.expect("ursula:"), "ursula: me too");
    bob.say("/who");
    EXPECT_EQ(bob.expect("* in lobby"), "* in lobby: alice, bob, ursula");
    ChatClient mallory(tcp_of(*b));
    mallory.expect("What is your nickname?");
    mallory.say("alice");
    EXPECT_EQ(mallory.expect("! nickname"), "! nickname 'alice' is taken; try 'alice_2'")
        << "nicknames are claimed again";
  }
  stop(a);
  stop(b);
}

/// Datagrams to `c`, counted by text, until each of `wanted` has come (relays may send
/// lines of different origins in any order, so there is no "last" line to wait for).
std::map<std::string, int> datagrams_until(Client& c, const std::vector<std::string>& wanted) {
  std::map<std::string, int> seen;
  auto all_in = [&] {
    for (const auto& w : wanted)
      if (!seen.contains(w)) return false;
    return true;
  };
  for (std::string d; !all_in() && !(d = datagram(c)).empty();) ++seen[d];
  EXPECT_TRUE(all_in()) << "some datagrams never came";
  return seen;
}

// Registrations live in Redis: under forking (a child per datagram) with two workers, and
// under threading with two workers in another sockserv, every UDP member hears every line
// exactly once, whichever process took the datagram, and TCP members elsewhere hear them.
TEST_F(ChatRedis, UdpMembersUnderForkingAndWorkersHearEachLineOnce) {
  auto a = run_servers("a", chat("u", "udp://127.0.0.1:0", "forking", 2),
                       {"u#1", "u#2"});
  auto b = run_servers("b", chat("t", "tcp://127.0.0.1:0", "threading", 1) +
                                chat("v", "udp://127.0.0.1:0", "threading", 2),
                       {"t", "v#1", "v#2"});
  {
    auto alice = ChatClient::login(*listening(*b, "t"), "alice");
    std::vector<std::unique_ptr<Client>> members;
    std::vector<std::string> nicks{"uma", "ulf", "vic"};
    for (const auto& nick : nicks) {
      auto at = nick == "vic" ? *listening(*b, "v#1") : *listening(*a, "u#1");
      members.push_back(std::make_unique<Client>(at));
      members.back()->send("username@" + nick);
      EXPECT_EQ(expect_datagram(*members.back(), "joined"), "* " + nick + " joined lobby");
      EXPECT_EQ(alice.expect(nick), "* " + nick + " joined lobby");
    }
    std::vector<std::string> lines{"alice: from alice"};
    for (int round = 0; round < 3; ++round)
      for (std::size_t i = 0; i < members.size(); ++i) {
        members[i]->send("line " + std::to_string(round) + " from " + nicks[i]);
        lines.push_back(nicks[i] + ": line " + std::to_string(round) + " from " + nicks[i]);
      }
    alice.say("from alice");
    // Concurrent processes take the datagrams, so lines come in any order: collect them.
    std::set<std::string> heard;
    for (std::string l; heard.size() < lines.size() - 1 && !(l = alice.line()).empty();)
      if (std::find(lines.begin() + 1, lines.end(), l) != lines.end()) heard.insert(l);
    EXPECT_EQ(heard.size(), lines.size() - 1) << "alice heard every UDP line";
    for (std::size_t i = 0; i < members.size(); ++i) {
      auto seen = datagrams_until(*members[i], lines);
      // Counting goes on until the member's own later line: a duplicate sent by then shows.
      members[i]->send("check");
      for (const auto& [line, n] : datagrams_until(*members[i], {nicks[i] + ": check"}))
        seen[line] += n;
      for (const auto& line : lines)
        EXPECT_EQ(seen[line], 1) << nicks[i] << " hears '" << line << "' exactly once";
    }
    alice.say("/who");
    EXPECT_EQ(alice.expect("* in lobby"), "* in lobby: alice, ulf, uma, vic");
    alice.say("/msg uma just for you");
    EXPECT_EQ(expect_datagram(*members[0], "(private)"), "(private) alice: just for you");
  }
  stop(a);
  stop(b);
}

TEST_F(ChatRedis, UdpRegistrationsExpireOnceFromRedis) {
  auto a = run_servers("a", chat("u", "udp://127.0.0.1:0", "forking", 2, ", udp_idle_timeout: 1s") +
                                chat("t", "tcp://127.0.0.1:0", "threading", 1),
                       {"u#1", "u#2", "t"});
  {
    auto alice = ChatClient::login(*listening(*a, "t"), "alice");
    Client ursula(*listening(*a, "u#1"));
    ursula.send("username@ursula");
    EXPECT_EQ(expect_datagram(ursula, "joined"), "* ursula joined lobby");
    EXPECT_EQ(alice.expect("ursula"), "* ursula joined lobby");
    EXPECT_EQ(alice.expect("ursula left"), "* ursula left lobby (idle)");
    alice.say("/who");
    EXPECT_EQ(alice.expect("* in lobby"), "* in lobby: alice") << alice.skipped();
    EXPECT_EQ(alice.skipped().find("ursula left"), std::string::npos) << "left once";
    ursula.send("still here?");
    EXPECT_EQ(expect_datagram(ursula, "!"), "! you are not registered: send username@NAME first");
  }
  stop(a);
}

TEST_F(ChatRedis, RedisUnreachableAtStartIsAClearError) {
  std::string nowhere = "tcp://127.0.0.1:" + std::to_string(free_port());
  std::string config = write_config(
      dir, "down.yaml",
      "servers:\n  chat:\n    listen: tcp://127.0.0.1:0\n    policy: threading\n"
      "    handler: {plugin: chat, backend: redis, redis: '" + nowhere + "'}\n");
  Process p({sockserv_bin, "run", config});
  EXPECT_TRUE(p.wait_for_output("chat backend: redis: cannot reach Redis: connect to " + nowhere +
                                    ": Connection refused (is redis-server running there?",
                                20s))
      << p.err();
  EXPECT_FALSE(p.lines_with("[chat] failed to start: ").empty()) << p.err();
  p.signal(SIGTERM);
  EXPECT_TRUE(p.wait(30s));
}

}  // namespace
}  // namespace sockserv::test
