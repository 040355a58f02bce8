// The in-process Server: binding (port 0, ports in use, Unix socket files), handle_request,
// shutdown from every place a caller may ask for it, and what it reports as an error.
#include "support/policies.hpp"
#include "support/probe_plugin.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <sockserv/error.hpp>
#include <sockserv/server.hpp>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>
#include <utility>

namespace sockserv::test {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  ServerOptions options(std::string listen, std::unique_ptr<Policy> policy = nullptr) {
    ServerOptions o;
    o.name = "server-test";
    o.listen = std::move(listen);
    o.plugin = std::make_shared<ProbePlugin>(state);
    o.plugin_name = "probe";
    o.policy = std::move(policy);
    o.log = log;
    return o;
  }

  TempDir dir;
  std::shared_ptr<ProbeState> state = make_probe_state();
  std::shared_ptr<RecordingLogger> log = std::make_shared<RecordingLogger>();
};

/// Sends one command line and returns the answer without its line end.
std::string ask(Client& client, const std::string& command) {
  client.send(command + "\n");
  std::string line = client.receive_line();
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

/// The message of the E that `action` throws; fails the test if it throws none.
template <class E = Error, class Action>
std::string message_of(Action&& action) {
  try {
    action();
  } catch (const E& e) {
    return e.what();
  }
  ADD_FAILURE() << "no exception thrown";
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// serve_forever on a thread, and whether it returned in time. If it never returns, the test
/// fails and the server and its thread are leaked, so a hang fails one test instead of
/// hanging the whole binary.
class Serving {
 public:
  explicit Serving(std::unique_ptr<Server> server) : server_(std::move(server)) {
    std::promise<void> returned;
    returned_ = returned.get_future();
    thread_ = std::thread([s = server_.get(), r = std::move(returned)]() mutable {
      s->serve_forever();
      r.set_value();
    });
  }
  ~Serving() {
    if (!returned_within(Duration::zero())) {
      server_->request_shutdown();
      if (!returned_within(io_timeout)) {
        ADD_FAILURE() << "serve_forever never returned; leaking the server";
        thread_.detach();
        (void)server_.release();
        return;
      }
    }
    thread_.join();
  }
  Serving(const Serving&) = delete;
  Serving& operator=(const Serving&) = delete;

  /// True once serve_forever has returned; waits up to `timeout` for it.
  bool returned_within(Duration timeout) {
    return returned_.wait_for(timeout) == std::future_status::ready;
  }
  /// The serving thread, for pthread_kill.
  pthread_t thread() { return thread_.native_handle(); }

 private:
  std::unique_ptr<Server> server_;
  std::future<void> returned_;
  std::thread thread_;
};

// --- policies ------------------------------------------------------------------------------

TEST_F(ServerTest, MaxThreadsRunsAtMostThatManyAndQueuesTheRest) {
  state->gate = 2;  // the first two wait for each other: an overlap of 2 is certain
  state->hold = std::chrono::seconds(5);
  ServerThread server(options("tcp://127.0.0.1:0", make_policy("threading", {{"max_threads", 2}})));
  std::vector<Client> clients;
  for (int i = 0; i < 6; ++i) {
    clients.emplace_back(server.endpoint());
    clients.back().send("hold\n");
    clients.back().close_write();
  }
  for (auto& client : clients) EXPECT_EQ(client.receive_line(), "held\n");
  EXPECT_EQ(state->arrived.load(), 6) << "every queued request must run, none dropped";
  EXPECT_EQ(state->max_active.load(), 2);
}

// --- port 0 --------------------------------------------------------------------------------

class PortZero : public ServerTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(PortZero, EndpointCarriesTheBoundPort) {
  Endpoint asked = Endpoint::parse(GetParam());
  Server server(options(GetParam()));
  EXPECT_NE(server.endpoint().port, 0);
  EXPECT_EQ(server.endpoint().port, server.local_address().port());
  EXPECT_EQ(server.endpoint().host, asked.host);
  EXPECT_EQ(server.endpoint().transport, asked.transport);
  EXPECT_EQ(server.local_address().family(), contains(asked.host, ":") ? AF_INET6 : AF_INET);

  // And a client finds the server at that port.
  Client client(server.endpoint());
  bool datagram = asked.transport == Transport::udp;
  client.send(datagram ? "where" : "where\n");
  if (!datagram) client.close_write();
  ASSERT_TRUE(server.handle_request(io_timeout));
  EXPECT_EQ(datagram ? client.receive(0) : client.receive_line(), datagram ? "where" : "where\n");
}

INSTANTIATE_TEST_SUITE_P(TcpUdpV4V6, PortZero,
                         ::testing::Values("tcp://127.0.0.1:0", "tcp://[::1]:0",
                                           "udp://127.0.0.1:0", "udp://[::1]:0"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return std::string(info.index % 2 ? "v6_" : "v4_") +
                                  (info.index < 2 ? "tcp" : "udp");
                         });

// --- handle_request -----------------------------------------------------------------------

TEST_F(ServerTest, HandleRequestIsFalseWhenNobodyComesInTime) {
  Server server(options("tcp://127.0.0.1:0", make_policy("serial")));
  auto start = Clock::now();
  EXPECT_FALSE(server.handle_request(std::chrono::milliseconds(50)));
  EXPECT_GE(Clock::now() - start, std::chrono::milliseconds(50)) << "returned early";
  EXPECT_EQ(state->handled.load(), 0);
}

TEST_F(ServerTest, HandleRequestServesAClientAlreadyWaiting) {
  Server server(options("tcp://127.0.0.1:0", make_policy("serial")));
  Client client(server.endpoint());
  client.send("ping\n");
  client.close_write();
  EXPECT_TRUE(server.handle_request(io_timeout));
  EXPECT_EQ(state->finished.load(), 1) << "under serial the request has ended on return";
  EXPECT_EQ(client.receive_line(), "ping\n");
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(ServerTest, HandleRequestIsFalseOnceShutDown) {
  Server server(options("tcp://127.0.0.1:0", make_policy("serial")));
  Client client(server.endpoint());
  client.send("ping\n");
  server.shutdown();
  EXPECT_FALSE(server.handle_request(io_timeout));
  EXPECT_EQ(state->handled.load(), 0);
}

// --- Unix socket files ---------------------------------------------------------------------

/// A Unix stream socket bound to `path` (listening if asked), or -1.
int bound_unix_socket(const std::string& path, bool listening) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::memcpy(sun.sun_path, path.data(), path.size());
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) < 0 ||
      (listening && ::listen(fd, 16) < 0)) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool is_socket(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode);
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_F(ServerTest, UnixReplacesAStaleSocketFile) {
  std::string path = dir / "stale.sock";
  int fd = bound_unix_socket(path, false);
  ASSERT_GE(fd, 0);
  ::close(fd);  // as a crashed server leaves it: the file stays, nobody listens
  ASSERT_TRUE(is_socket(path));
  ServerThread server(options("unix://" + path));
  Client client(server.endpoint());
  EXPECT_EQ(ask(client, "fresh"), "fresh");
}

TEST_F(ServerTest, UnixRefusesAPathAnotherServerListensOn) {
  std::string path = dir / "live.sock";
  ServerThread first(options("unix://" + path));
  std::string message = message_of([&] { Server second(options("unix://" + path)); });
  EXPECT_TRUE(contains(message, "another server is listening on '" + path + "'")) << message;
  ASSERT_TRUE(is_socket(path)) << "the failed server removed the live server's file";
  Client client(first.endpoint());
  EXPECT_EQ(ask(client, "first still serves"), "first still serves");
}

TEST_F(ServerTest, UnixRefusesAPathThatIsNotASocket) {
  std::string path = dir / "notes.txt";
  std::ofstream(path) << "precious";
  std::string message = message_of([&] { Server server(options("unix://" + path)); });
  EXPECT_TRUE(contains(message, "is not a socket")) << message;
  EXPECT_TRUE(contains(message, path)) << message;
  EXPECT_EQ(file_text(path), "precious");
}

TEST_F(ServerTest, UnixSocketFileIsRemovedByServerClose) {
  for (std::string scheme : {"unix", "unixgram"}) {
    SCOPED_TRACE(scheme);
    std::string path = dir / (scheme + ".sock");
    Server server(options(scheme + "://" + path));
    EXPECT_TRUE(is_socket(path));
    server.server_close();
    EXPECT_FALSE(exists(path));
    server.server_close();  // a second close is harmless
  }
}

TEST_F(ServerTest, UnixSocketFileIsRemovedByDestruction) {
  std::string path = dir / "served.sock";
  {
    ServerThread server(options("unix://" + path));
    Client client(server.endpoint());
    EXPECT_EQ(ask(client, "hello"), "hello");
    EXPECT_TRUE(is_socket(path));
  }
  EXPECT_FALSE(exists(path));
}

TEST_F(ServerTest, UnixLeavesAFileThatReplacedItsOwn) {
  std::string path = dir / "moved.sock";
  Server server(options("unix://" + path));
  // Someone moves our file away and puts theirs in its place: it is not ours to remove.
  std::filesystem::rename(path, path + ".old");
  std::ofstream(path) << "someone else's";
  server.server_close();
  EXPECT_EQ(file_text(path), "someone else's");
  EXPECT_TRUE(is_socket(path + ".old")) << "the moved file is not at the path either";
}

TEST_F(ServerTest, UnixLeavesTheFileOfAnAdoptedSocket) {
  std::string path = dir / "adopted.sock";
  int fd = bound_unix_socket(path, true);  // blocking, as socket activation hands it over
  ASSERT_GE(fd, 0);
  auto o = options("unix://" + path);
  o.listen_fd = fd;
  {
    auto server = std::make_unique<Server>(std::move(o));
    Endpoint endpoint = server->endpoint();
    Serving serving(std::move(server));
    Client client(endpoint);
    EXPECT_EQ(ask(client, "adopted"), "adopted");
  }  // shuts down: must not hang in accept(2) on the adopted socket
  EXPECT_TRUE(is_socket(path)) << "the server removed a file it did not create";
}

// --- errors at construction ----------------------------------------------------------------

TEST_F(ServerTest, PortInUseNamesTheEndpointAndTheCause) {
  for (std::string host : {"127.0.0.1", "[::1]"}) {
    Server first(options("tcp://" + host + ":0"));
    std::string taken = first.endpoint().to_string();
    std::string message = message_of([&] { Server second(options(taken)); });
    EXPECT_TRUE(contains(message, taken)) << message;
    EXPECT_TRUE(contains(message, "Address already in use")) << message;
  }
}

TEST_F(ServerTest, UdpPortInUseIsRefusedToo) {
  Server first(options("udp://127.0.0.1:0"));
  std::string taken = first.endpoint().to_string();
  std::string message = message_of([&] { Server second(options(taken)); });
  EXPECT_TRUE(contains(message, "Address already in use")) << message;
}

TEST_F(ServerTest, AddressOfAnotherMachineIsExplained) {
  // 192.0.2.0/24 is TEST-NET-1, never assigned to a real interface.
  std::string message = message_of([&] { Server server(options("tcp://192.0.2.1:0")); });
  EXPECT_TRUE(contains(message, "tcp://192.0.2.1:0")) << message;
  EXPECT_TRUE(contains(message, "not an address of this machine")) << message;
}

TEST_F(ServerTest, MissingPluginIsAnError) {
  ServerOptions o = options("tcp://127.0.0.1:0");
  o.plugin = nullptr;
  EXPECT_TRUE(contains(message_of([&] { Server server(std::move(o)); }), "no plugin given"));
}

using BadEndpointCase = std::pair<std::string, std::string>;  // endpoint, what it must say

class BadEndpoint : public ServerTest, public ::testing::WithParamInterface<BadEndpointCase> {};

TEST_P(BadEndpoint, IsRefusedWithAHelpfulMessage) {
  const auto& [text, says] = GetParam();
  std::string message = message_of<EndpointError>([&] { Server server(options(text)); });
  EXPECT_TRUE(contains(message, "'" + text + "'")) << message;
  EXPECT_TRUE(contains(message, says)) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Mistakes, BadEndpoint,
    ::testing::Values(
        BadEndpointCase{"http://127.0.0.1:0", "unknown scheme 'http'"},
        BadEndpointCase{"127.0.0.1:8080", "expected tcp://HOST:PORT"},
        BadEndpointCase{"tcp://127.0.0.1", "missing ':PORT'"},
        BadEndpointCase{"tcp://::1:0", "IPv6 address must be in brackets, as tcp://[::1]:8080"},
        BadEndpointCase{"tcp://[::1]", "missing ':PORT' after the IPv6 address"},
        BadEndpointCase{"udp://127.0.0.1:70000", "out of range 0-65535"},
        BadEndpointCase{"unix://", "missing socket path"}),
    [](const ::testing::TestParamInfo<BadEndpointCase>& info) {
      return "case" + std::to_string(info.index);
    });

// --- shutdown ------------------------------------------------------------------------------

/// A plugin whose handler shuts its own server down, then answers.
class SelfStopPlugin final : public Plugin {
 public:
  std::atomic<Server*> server{nullptr};

  std::unique_ptr<StreamHandler> make_stream_handler() override {
    struct Handler final : StreamHandler {
      explicit Handler(SelfStopPlugin& p) : plugin(p) {}
      void handle(Stream& stream) override {
        plugin.server.load()->shutdown();
        stream.write_all("stopping\n");
      }
      SelfStopPlugin& plugin;
    };
    return std::make_unique<Handler>(*this);
  }
};

class ShutdownFromHandler : public ServerTest,
                            public ::testing::WithParamInterface<std::string> {};

TEST_P(ShutdownFromHandler, DoesNotDeadlock) {
  auto plugin = std::make_shared<SelfStopPlugin>();
  ServerOptions o = options("tcp://127.0.0.1:0", make_policy(GetParam()));
  o.plugin = plugin;
  o.shutdown_timeout = std::chrono::milliseconds(200);  // a deadlock must not hide in it
  auto server = std::make_unique<Server>(std::move(o));
  plugin->server = server.get();
  Endpoint endpoint = server->endpoint();
  Serving serving(std::move(server));
  Client client(endpoint);
  client.send("stop\n");
  EXPECT_EQ(client.receive_line(), "stopping\n");
  EXPECT_TRUE(serving.returned_within(io_timeout));
  EXPECT_EQ(log->count(LogLevel::info, "drain deadline passed"), 0u) << log->dump();
}

/// Every policy whose handlers run in the server's own process: under forking a handler
/// runs in a child, where shutdown() reaches only the child's copy of the server (as with
/// socketserver's ForkingMixIn); plugin-guide.md says so.
std::vector<std::string> in_process_policies() {
  auto all = all_policies();
  std::erase(all, "forking");
  return all;
}

INSTANTIATE_TEST_SUITE_P(EveryPolicy, ShutdownFromHandler, ::testing::ValuesIn(in_process_policies()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST_F(ServerTest, ShutdownBeforeServeForeverMakesItReturnAtOnce) {
  auto server = std::make_unique<Server>(options("tcp://127.0.0.1:0"));
  server->shutdown();
  Serving serving(std::move(server));
  EXPECT_TRUE(serving.returned_within(io_timeout));
}

std::atomic<Server*> signalled_server{nullptr};

extern "C" void shutdown_on_signal(int) {
  if (Server* server = signalled_server.load()) server->request_shutdown();
}

TEST_F(ServerTest, RequestShutdownFromASignalHandler) {
  ASSERT_TRUE(signalled_server.is_lock_free());
  struct sigaction action {}, previous {};
  action.sa_handler = shutdown_on_signal;
  sigemptyset(&action.sa_mask);
  ASSERT_EQ(::sigaction(SIGUSR1, &action, &previous), 0);

  auto server = std::make_unique<Server>(options("tcp://127.0.0.1:0"));
  Endpoint endpoint = server->endpoint();
  signalled_server = server.get();
  {
    Serving serving(std::move(server));
    {
      Client client(endpoint);
      EXPECT_EQ(ask(client, "serving"), "serving");
    }
    // The request has ended: the serving thread is back waiting for connections.
    ASSERT_TRUE(eventually([&] { return state->finished.load() == 1; }));
    ASSERT_EQ(::pthread_kill(serving.thread(), SIGUSR1), 0);
    EXPECT_TRUE(serving.returned_within(io_timeout));
    signalled_server = nullptr;
  }
  ::sigaction(SIGUSR1, &previous, nullptr);
}

// --- peers that vanish ---------------------------------------------------------------------

TEST_F(ServerTest, PeerResetWhileTheHandlerReadsIsNotAnError) {
  ServerThread server(options("tcp://127.0.0.1:0", make_policy("serial")));
  {
    Client client(server.endpoint());
    EXPECT_EQ(ask(client, "ping"), "ping");
    client.send("half a li");
    linger hard{1, 0};
    ASSERT_EQ(::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
  }  // closing with SO_LINGER 0 sends RST
  ASSERT_TRUE(eventually([&] { return state->finished.load() == 1; }));
  EXPECT_EQ(log->count(LogLevel::error, ""), 0u) << log->dump();
  EXPECT_EQ(log->count(LogLevel::debug, "Connection reset by peer"), 1u) << log->dump();
  Client next(server.endpoint());
  EXPECT_EQ(ask(next, "still serving"), "still serving");
}

TEST_F(ServerTest, PeerResetBeforeTheAnswerIsWrittenIsNotAnError) {
  ServerThread server(options("tcp://127.0.0.1:0", make_policy("threading")));
  {
    Client client(server.endpoint());
    client.send("slow\n");
    ASSERT_TRUE(eventually([&] { return state->handled.load() == 1; }));
    linger hard{1, 0};
    ASSERT_EQ(::setsockopt(client.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
  }
  ASSERT_TRUE(eventually([&] { return state->finished.load() == 1; }));
  EXPECT_EQ(log->count(LogLevel::error, ""), 0u) << log->dump();
  EXPECT_EQ(log->count(LogLevel::debug, "handle() failed"), 1u) << log->dump();
  Client next(server.endpoint());
  EXPECT_EQ(ask(next, "still serving"), "still serving");
}

TEST_F(ServerTest, PeerResetBeforeAcceptIsNotAnError) {
  ServerThread server(options("tcp://127.0.0.1:0", make_policy("serial")));
  auto busy = std::make_unique<Client>(server.endpoint());
  EXPECT_EQ(ask(*busy, "busy"), "busy");  // serial: the server is inside this request
  {
    Client queued(server.endpoint());  // waits in the backlog...
    linger hard{1, 0};
    ASSERT_EQ(::setsockopt(queued.fd(), SOL_SOCKET, SO_LINGER, &hard, sizeof hard), 0);
  }  // ...and resets there
  busy.reset();
  Client next(server.endpoint());
  EXPECT_EQ(ask(next, "still serving"), "still serving");
  EXPECT_EQ(log->count(LogLevel::error, ""), 0u) << log->dump();
}

}  // namespace
}  // namespace sockserv::test
