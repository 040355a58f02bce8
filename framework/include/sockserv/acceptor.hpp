#pragma once
/// @file acceptor.hpp
/// The source of a server's requests, as a policy sees it.

#include <sockserv/api.hpp>
#include <sockserv/request.hpp>
#include <sockserv/time.hpp>
#include <sockserv/transport.hpp>

#include <optional>

namespace sockserv {

class Stop;

/// Accepts connections (or receives datagrams) on a server's listening socket, applies the
/// server's admission rules — allow/deny lists, limits.per_source, limits.max_connections,
/// then Plugin::verify_request — and yields Requests. Refused connections are closed (and
/// refused datagrams dropped) here, before any policy or handler sees them. Owned by the server; a policy uses it from
/// the thread that called Policy::serve, or — for next()/try_next() — from any one thread
/// at a time.
class SOCKSERV_API Acceptor {
 public:
  virtual ~Acceptor();
  /// Blocks until a request arrives (then returns it), the server stops, or `deadline`
  /// passes (then nullopt). Requests refused by admission are handled and skipped.
  virtual std::optional<Request> next(Deadline deadline = no_deadline) = 0;
  /// Never blocks: a request if one is ready, else nullopt. For policies running their
  /// own event loop: wait for fd() to be readable, then call this until nullopt.
  virtual std::optional<Request> try_next() = 0;
  /// What to wait on, for readability (POLLIN), before calling try_next(). Usually the
  /// listening (or datagram) socket. When the server queues connections over its limit
  /// (limits.on_overload: queue) it is instead an epoll set of the listener and a wake-up
  /// that fires when a queued connection may be admitted. Only wait on it: never accept,
  /// read or close it.
  virtual int fd() const noexcept = 0;
  /// The server's stop; Stop::fd() becomes readable when serving must end.
  virtual const Stop& stop() const noexcept = 0;
  /// The server's transport.
  virtual Transport transport() const noexcept = 0;
};

}  // namespace sockserv
