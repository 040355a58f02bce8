#pragma once
/// @file handler.hpp
/// Request handlers: the per-request objects a plugin makes, like socketserver's
/// BaseRequestHandler.
///
/// Contract: the framework makes one handler per request (per connection for streams, per
/// datagram for datagrams) with Plugin::make_*_handler, then calls setup(), handle() and
/// finish() in that order on the task the policy chose (a thread, a child process or a
/// fiber), then destroys it. finish() runs even if handle() throws, unless setup() threw.
/// An exception from any of them ends this request only: it is logged with server, plugin
/// and peer, and the server goes on. Handlers block in plain calls on the Stream and the SDK
/// functions; they must never call a blocking system function directly (under the
/// coroutine policy it would stall every request on that event loop).

#include <sockserv/api.hpp>

namespace sockserv {

class Datagram;
class Stream;

/// Handles one connection.
class SOCKSERV_API StreamHandler {
 public:
  virtual ~StreamHandler();
  /// Called first; may be overridden. Default: nothing.
  virtual void setup(Stream& stream);
  /// Serves the connection; must be overridden. Returning ends the request.
  virtual void handle(Stream& stream) = 0;
  /// Called last, also after handle() threw; may be overridden. Default: nothing.
  virtual void finish(Stream& stream);
};

/// Handles one datagram.
class SOCKSERV_API DatagramHandler {
 public:
  virtual ~DatagramHandler();
  /// Called first; may be overridden. Default: nothing.
  virtual void setup(Datagram& datagram);
  /// Serves the datagram; must be overridden.
  virtual void handle(Datagram& datagram) = 0;
  /// Called last, also after handle() threw; may be overridden. Default: nothing.
  virtual void finish(Datagram& datagram);
};

}  // namespace sockserv
