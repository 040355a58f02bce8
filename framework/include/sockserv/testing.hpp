#pragma once
/// @file testing.hpp
/// The plugin test harness (library `sockserv::testing`, libsockserv_testing.so): serves a
/// plugin in-process on an ephemeral loopback port under a chosen policy, and a small
/// blocking client to talk to it, so a plugin author tests a plugin without writing a
/// server. Works with GoogleTest or any other test framework.
///
/// For callers: make a TestServer from a plugin library (loaded and checked exactly as
/// `sockserv run` loads it) or from a plugin class (make_plugin<P>), connect TestClients to
/// its endpoint(); the server stops (drains, joins its thread) when destroyed. Options are
/// written as in YAML (`"max_line" -> "1KiB"`) and validated as the launcher validates
/// them: a mistake throws sockserv::Error with the launcher's message.

#include <sockserv/api.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/server.hpp>
#include <sockserv/time.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

namespace sockserv::testing {

/// Options of a plugin or policy as written in YAML: key to scalar text.
using OptionMap = std::map<std::string, std::string>;

/// How a TestServer serves: endpoint, policy and options.
struct TestServerOptions {
  std::string listen = "tcp://127.0.0.1:0";  ///< endpoint URL; port 0 picks a free port
  std::string policy = "serial";  ///< serial | threading | forking | coroutine, or a policy library path
  OptionMap policy_options{};     ///< the policy's options, as under `policy:`
  OptionMap plugin_options{};     ///< the plugin's options, as under `handler:` (library plugins)
  std::string name = "test";      ///< the server's name in log lines
  Duration shutdown_timeout = std::chrono::seconds(5);  ///< drain deadline when stopping
};

/// The context a plugin gets from the launcher for `info`'s declared options checked
/// against `options`; throws Error listing every mistake.
SOCKSERV_API PluginContext plugin_context(const PluginInfo& info, const OptionMap& options,
                                          Transport transport = Transport::tcp,
                                          const std::string& server_name = "test");

/// Makes plugin class `P` (with `static PluginInfo info()` and a PluginContext constructor)
/// as the launcher would, its options validated; no library needed.
template <class P>
std::shared_ptr<Plugin> make_plugin(const OptionMap& options = {},
                                    Transport transport = Transport::tcp) {
  return std::make_shared<P>(plugin_context(P::info(), options, transport));
}

/// A plugin served on a background thread for the length of a test. Not copyable.
class SOCKSERV_API TestServer {
 public:
  /// Loads the plugin library `library` as `sockserv run` does (manifest, ABI, transports,
  /// options) and serves it; throws Error with the launcher's message on any problem.
  explicit TestServer(const std::filesystem::path& library, TestServerOptions options = {});
  /// Serves an already made plugin (options.plugin_options must be empty).
  explicit TestServer(std::shared_ptr<Plugin> plugin, TestServerOptions options = {});
  /// stop().
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  /// The endpoint as bound, with the real port.
  const Endpoint& endpoint() const noexcept;
  /// The running server.
  Server& server() noexcept;
  /// Shuts the server down, drains, and joins its thread; idempotent.
  void stop() noexcept;

 private:
  struct Impl;
  /// Makes the policy and the server, and starts serving on a new thread.
  void start(std::shared_ptr<Plugin> plugin, const std::string& plugin_name,
             const TestServerOptions& options);
  std::unique_ptr<Impl> impl_;
};

/// A blocking client connected to a server endpoint; every call waits at most `timeout`.
/// Not copyable; movable.
class SOCKSERV_API TestClient {
 public:
  /// Connects (streams) or binds a reply address and connects (datagrams); throws Error.
  explicit TestClient(const Endpoint& endpoint,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));
  /// Closes the socket.
  ~TestClient();
  /// Takes over `other`'s socket.
  TestClient(TestClient&& other) noexcept;
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;
  TestClient& operator=(TestClient&&) = delete;

  /// Sends all of `data` (one datagram on datagram endpoints); throws Error on failure.
  void send(const std::string& data);
  /// Streams: exactly `n` bytes, fewer on end of stream or timeout. Datagrams: one datagram.
  std::string receive(std::size_t n);
  /// Streams: up to and including "\n"; what came before end of stream or timeout otherwise.
  std::string receive_line();
  /// Streams: everything until the server closes the connection (or the timeout).
  std::string receive_all();
  /// Streams: true if the server closes the connection within the timeout.
  bool wait_closed();
  /// Shuts down the write side: the server reads end of stream.
  void close_write();
  /// The socket.
  int fd() const noexcept { return fd_; }

 private:
  bool wait_readable();
  int fd_ = -1;
  bool stream_ = true;
  std::chrono::milliseconds timeout_;
  std::filesystem::path own_path_;  ///< unixgram: the bound reply address, removed at the end
};

}  // namespace sockserv::testing
