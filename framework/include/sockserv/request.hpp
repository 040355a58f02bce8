#pragma once
/// @file request.hpp
/// One accepted connection or received datagram, ready to be handled.

#include <sockserv/address.hpp>
#include <sockserv/api.hpp>
#include <sockserv/transport.hpp>

#include <memory>

namespace sockserv {

namespace detail {
class RequestBody;
}

/// A request the framework has accepted and admitted (allow/deny lists, limits, the
/// plugin's verify_request) and hands to a policy. Move-only. It holds the request's
/// admission slot (its share of max_connections and per_source) until it is run or
/// destroyed: the slot frees when the request ends. Destroying it unrun closes the
/// connection and frees the slot.
class SOCKSERV_API Request {
 public:
  /// Made by the framework.
  explicit Request(std::unique_ptr<detail::RequestBody> body) noexcept;
  Request(Request&&) noexcept;
  Request& operator=(Request&&) noexcept;
  ~Request();

  /// Makes the handler and runs setup/handle/finish in the current task, then closes the
  /// connection. Every error is caught, logged and counted here; the only exception that
  /// leaves is a fiber library's forced unwind, which must propagate. Call once; the
  /// accessors below are valid only before it.
  void run();

  /// The client.
  const Address& peer() const noexcept;
  /// The transport it came on.
  Transport transport() const noexcept;
  /// The connection's socket (stream transports), or -1 for a datagram.
  int fd() const noexcept;

  /// For a policy that runs the request in another process (forking): call in the parent
  /// after fork(). Closes the parent's copy of the connection and empties this Request
  /// (do not run it), but the request's admission slot stays taken for as long as the
  /// returned ticket lives. Hold the ticket until the child that serves the request has
  /// exited, then drop it; dropping it frees the slot (and may admit a queued connection).
  /// The ticket is opaque and thread-safe to destroy anywhere. Null if already run.
  std::shared_ptr<void> detach_connection();

 private:
  std::unique_ptr<detail::RequestBody> body_;
};

}  // namespace sockserv
