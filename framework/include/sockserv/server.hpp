#pragma once
/// @file server.hpp
/// A server: one listening endpoint, one plugin, one policy. Usable from C++ without YAML
/// (see examples/embed); the launcher builds one per configured server.
///
/// For callers: construct (binds at once, like socketserver's bind_and_activate), then
/// serve_forever() or handle_request() on one thread; shutdown() from any other thread or
/// a signal handler; server_close() or destruction releases the socket.

#include <sockserv/access_list.hpp>
#include <sockserv/address.hpp>
#include <sockserv/api.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/limits.hpp>
#include <sockserv/log.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/policy.hpp>
#include <sockserv/time.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace sockserv {

/// Everything a Server is made from. Optional members have default initializers, so
/// designated initializers may leave them out without -Wmissing-field-initializers.
struct ServerOptions {
  std::string name = "server";       ///< in every log line
  std::string listen;                ///< endpoint URL; port 0 picks a free port
  std::shared_ptr<Plugin> plugin;    ///< makes the handlers; required
  std::string plugin_name = "embedded";  ///< in log lines
  std::unique_ptr<Policy> policy{};  ///< null: serial
  Duration shutdown_timeout = std::chrono::seconds(10);  ///< drain deadline on shutdown
  std::shared_ptr<Logger> log{};     ///< null: the process's default log
  int listen_fd = -1;  ///< a socket already bound to `listen` to adopt (from a supervisor
                       ///< or socket activation) instead of binding; the server owns it
  bool reuse_address = true;  ///< SO_REUSEADDR before binding a TCP socket (never UDP)
  Limits limits{};      ///< connection limits and idle timeout; default: none
  AccessList access{};  ///< who may connect; default: everyone
};

/// A running endpoint. Not copyable or movable.
class SOCKSERV_API Server {
 public:
  /// Binds and listens. Throws Error naming the endpoint and the cause (address in use,
  /// permission, a Unix socket path another server is listening on...).
  explicit Server(ServerOptions options);
  /// Shuts down if serving, then server_close().
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// The server's name.
  const std::string& name() const noexcept;
  /// The endpoint as bound: with the real port when 0 was asked.
  const Endpoint& endpoint() const noexcept;
  /// The bound socket address.
  const Address& local_address() const noexcept;
  /// The admission counters so far: accepted, refused (by reason), active, queued.
  AdmissionStats stats() const noexcept;

  /// Handles requests until shutdown(), then drains: in-flight requests get until
  /// shutdown_timeout to end, then are cancelled. Returns when all have ended.
  void serve_forever();
  /// Handles at most one request, waiting up to `timeout` (zero: forever) for it, and
  /// hands it to the policy (under serial it has ended on return). Returns false if none
  /// came in time or the server was shut down.
  bool handle_request(Duration timeout = Duration::zero());
  /// Stops serve_forever() and returns once it has returned (drained). Called from one of
  /// this server's own handlers (any policy) it only requests the stop, as waiting for the
  /// drain would wait for itself.
  void shutdown() noexcept;
  /// Requests the stop and returns at once. Async-signal-safe: for signal handlers.
  void request_shutdown() noexcept;
  /// Closes the listening socket and removes a Unix socket file this server created.
  void server_close() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sockserv
