#pragma once
/// @file connect.hpp
/// Outgoing connections and extra listeners from inside a handler (an FTP data
/// connection, a Redis client), blocking only the current task.

#include <sockserv/api.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/time.hpp>

#include <memory>
#include <string_view>

namespace sockserv {

/// Connects to a tcp:// or unix:// endpoint; throws Error (refused, unreachable, host
/// unknown) or TimeoutError after `timeout` (zero: none). Host names are resolved on a
/// helper thread, so even that never blocks an event loop.
SOCKSERV_API std::unique_ptr<Stream> connect(const Endpoint& endpoint,
                                             Duration timeout = Duration::zero());
/// The same, parsing `endpoint` first.
SOCKSERV_API std::unique_ptr<Stream> connect(std::string_view endpoint,
                                             Duration timeout = Duration::zero());

/// A listening socket a handler opened. Closed (and its Unix socket file removed) on
/// destruction.
class SOCKSERV_API Listener {
 public:
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  /// Waits for a connection; null if `timeout` (zero: none) passes first.
  std::unique_ptr<Stream> accept(Duration timeout = Duration::zero());
  /// Where it listens, with the real port when 0 was asked.
  const Endpoint& endpoint() const noexcept;

 private:
  friend std::unique_ptr<Listener> listen(const Endpoint&);
  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Listens on a tcp:// or unix:// endpoint (port 0: any free port). Throws Error.
SOCKSERV_API std::unique_ptr<Listener> listen(const Endpoint& endpoint);

}  // namespace sockserv
