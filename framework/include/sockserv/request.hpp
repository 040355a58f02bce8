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

/// A request the framework has accepted and admitted (the plugin's verify_request)
/// and hands to a policy. Move-only. Destroying it unrun closes the connection; that is
/// also how a forking policy's parent lets go of a connection its child serves.
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

 private:
  std::unique_ptr<detail::RequestBody> body_;
};

}  // namespace sockserv
