// What only the forking policy promises: children reaped at once, a crash confined to its
// child, max_children honoured, a child that ignores cancellation still ended. The matrix
// (policy_matrix_test.cpp) covers what it shares with every other policy.
#include "support/probe_plugin.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <sockserv/error.hpp>
#include <sockserv/policies.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

namespace sockserv::test {
namespace {

/// The state letter (R, S, Z...) of every process whose parent is this one.
std::vector<char> child_states() {
  std::vector<char> states;
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ignored)) {
    std::ifstream stat(entry.path() / "stat");
    std::string text;
    if (!std::getline(stat, text)) continue;  // not a process, or already gone
    auto after_name = text.rfind(')');        // the name may hold spaces and parentheses
    if (after_name == std::string::npos) continue;
    char state = 0;
    long parent = 0;
    if (std::sscanf(text.c_str() + after_name + 1, " %c %ld", &state, &parent) == 2 &&
        parent == ::getpid())
      states.push_back(state);
  }
  return states;
}

std::size_t zombies() { return std::ranges::count(child_states(), 'Z'); }

/// Placeholder descriptors (/dev/null), so that a test knows which numbers the next
/// descriptors of this process get: always the lowest free one. Closed at the end.
class Descriptors {
 public:
  ~Descriptors() {
    for (int fd : open_) ::close(fd);
  }
  /// Takes every free number below the highest open one: later ones come in order.
  void fill_holes() {
    int highest = 0;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
      highest = std::max(highest, std::stoi(entry.path().filename().string()));
    while (open() < highest) {
    }
  }
  /// The lowest free number, now taken.
  int open() {
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw SystemError("open /dev/null", errno);
    open_.push_back(fd);
    return fd;
  }
  /// Frees `fd`, one of ours.
  void close(int fd) {
    std::erase(open_, fd);
    ::close(fd);
  }

 private:
  std::vector<int> open_;
};

/// Keeps a crashing child from writing a core file, for the length of a test.
class NoCoreDumps {
 public:
  NoCoreDumps() {
    ::getrlimit(RLIMIT_CORE, &saved_);
    rlimit none{0, saved_.rlim_max};
    ::setrlimit(RLIMIT_CORE, &none);
  }
  ~NoCoreDumps() { ::setrlimit(RLIMIT_CORE, &saved_); }

 private:
  rlimit saved_{};
};

class Forking : public ::testing::Test {
 protected:
  ServerOptions options(std::size_t max_children = 40,
                        Duration shutdown_timeout = std::chrono::seconds(10)) {
    ServerOptions o;
    o.name = "forking";
    o.listen = "tcp://127.0.0.1:0";
    o.plugin = std::make_shared<ProbePlugin>(state);
    o.plugin_name = "probe";
    o.policy = make_forking_policy(max_children, log);  // the children's ends are logged here
    o.log = log;
    o.shutdown_timeout = shutdown_timeout;
    return o;
  }

  static std::string ask(Client& client, const std::string& command) {
    client.send(command + "\n");
    std::string line = client.receive_line();
    if (!line.empty() && line.back() == '\n') line.pop_back();
    return line;
  }

  std::shared_ptr<ProbeState> state = make_probe_state();
  std::shared_ptr<RecordingLogger> log = std::make_shared<RecordingLogger>();
};

TEST_F(Forking, LeavesNoZombiesAfterManyConnections) {
  ServerThread server(options());
  for (int i = 0; i < 200; ++i) {
    Client client(server.endpoint());
    ASSERT_EQ(ask(client, "ping " + std::to_string(i)), "ping " + std::to_string(i));
  }
  EXPECT_TRUE(eventually([] { return zombies() == 0; })) << zombies() << " zombies";
  server.stop();
  EXPECT_TRUE(child_states().empty()) << "every child is reaped once serving ends";
  EXPECT_EQ(state->handled.load(), 200);
}

TEST_F(Forking, ACrashingChildIsLoggedAndTheServerGoesOn) {
  NoCoreDumps no_core_dumps;
  ServerThread server(options());
  Client crashing(server.endpoint());
  crashing.send("crash\n");
  EXPECT_TRUE(crashing.wait_closed());
  ASSERT_TRUE(eventually([&] { return log->count(LogLevel::error, "SIGSEGV") == 1; }))
      << log->dump();
  EXPECT_EQ(log->count(LogLevel::error, "was killed by signal 11 (SIGSEGV)"), 1u);
  EXPECT_EQ(log->count(LogLevel::error, "serving 127.0.0.1:"), 1u) << "names the peer";
  Client next(server.endpoint());
  EXPECT_EQ(ask(next, "still serving"), "still serving");
}

TEST_F(Forking, RunsAtMostMaxChildrenAtOnceAndAnswersEveryone) {
  state->gate = 2;
  state->hold = std::chrono::seconds(20);  // the first two leave together, once both came
  ServerThread server(options(2));
  std::vector<Client> clients;
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back(server.endpoint());
    clients.back().send("hold\n");
    clients.back().close_write();
  }
  for (auto& c : clients) EXPECT_EQ(c.receive_line(), "held\n");
  EXPECT_EQ(state->max_active.load(), 2);
}

TEST_F(Forking, AChildHoldsNoPidfdsOfItsSiblings) {
  state->gate = 2;
  state->hold = std::chrono::seconds(20);
  ServerThread server(options());
  Client first(server.endpoint());
  first.send("hold\n");
  ASSERT_TRUE(eventually([&] { return state->active.load() == 1; }));
  Client second(server.endpoint());
  EXPECT_EQ(ask(second, "pidfds"), "0");
  Client third(server.endpoint());
  EXPECT_EQ(ask(third, "hold"), "held");  // lets the first one go
  EXPECT_EQ(first.receive_line(), "held\n");
}

TEST_F(Forking, ClosingTheSiblingsPidfdsSparesAConnectionBetweenThem) {
  ServerThread server(options());
  // The server runs in this process, so its descriptors come in the order this test
  // makes room for them: two siblings' pidfds with two free numbers between them, of
  // which the next client takes the first and the server's accept the second.
  Descriptors fill;
  fill.fill_holes();
  Client first(server.endpoint());
  ASSERT_EQ(ask(first, "ping"), "ping");
  ASSERT_TRUE(eventually([] { return pidfd_numbers().size() == 1; }));
  int spare[2] = {fill.open(), fill.open()};
  Client last(server.endpoint());
  ASSERT_EQ(ask(last, "ping"), "ping");
  ASSERT_TRUE(eventually([] { return pidfd_numbers().size() == 2; }));
  for (int fd : spare) fill.close(fd);
  std::vector<int> siblings = pidfd_numbers();
  Client probe(server.endpoint());
  int connection = std::stoi(ask(probe, "fd"));
  ASSERT_LT(siblings.front(), connection) << "the case under test: a hole between pidfds";
  ASSERT_LT(connection, siblings.back());
  EXPECT_EQ(ask(probe, "pidfds"), "0") << "and the connection still answers";
}

TEST_F(Forking, TerminateKillsAChildThatCancellationCannotReach) {
  auto server = std::make_unique<ServerThread>(options(40, std::chrono::milliseconds(100)));
  Client client(server->endpoint());
  client.send("stuck\n");
  ASSERT_TRUE(eventually([&] { return state->handled.load() == 1; }));
  server->stop();  // the drain deadline passes, SIGTERM is ignored, SIGKILL ends it
  EXPECT_EQ(log->count(LogLevel::warn, "(SIGKILL) at shutdown"), 1u) << log->dump();
  EXPECT_TRUE(child_states().empty());
  EXPECT_TRUE(client.wait_closed());
}

}  // namespace
}  // namespace sockserv::test
