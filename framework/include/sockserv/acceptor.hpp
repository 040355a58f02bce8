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
/// server's admission rules, and yields Requests. Owned by the server; a policy uses it from
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
  /// The listening (or datagram) socket, non-blocking.
  virtual int fd() const noexcept = 0;
  /// The server's stop; Stop::fd() becomes readable when serving must end.
  virtual const Stop& stop() const noexcept = 0;
  /// The server's transport.
  virtual Transport transport() const noexcept = 0;
};

}  // namespace sockserv
