#pragma once
// The inside of a Request, and the request boundary: where every handler call is wrapped.

#include <sockserv/address.hpp>
#include <sockserv/log.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/request.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/transport.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace sockserv::core {

/// What every request of one server shares. Held by each request, so it outlives the
/// server object if a request does.
struct ServerContext {
  std::string server_name;
  std::string plugin_name;
  std::shared_ptr<Plugin> plugin;
  std::shared_ptr<Logger> log;
  Transport transport = Transport::tcp;
  Stop stop;
  std::atomic<std::uint64_t> handler_errors{0};  ///< requests that ended by an error
};

}  // namespace sockserv::core

namespace sockserv::detail {

/// A request's own part: a connection or a datagram. Defined by the core.
class RequestBody {
 public:
  virtual ~RequestBody() = default;
  /// Runs the handler at the request boundary (see request_body.cpp).
  virtual void run() = 0;
  /// The client.
  virtual const Address& peer() const noexcept = 0;
  /// The connection's fd, or -1.
  virtual int fd() const noexcept = 0;
  /// The transport.
  virtual Transport transport() const noexcept = 0;
};

}  // namespace sockserv::detail

namespace sockserv::core {

/// A request for an accepted connection `fd` (owned from here on).
std::unique_ptr<detail::RequestBody> make_stream_request(
    std::shared_ptr<ServerContext> context, int fd, Address peer, Address local);

/// A request for one datagram received on `socket_fd` (not owned).
std::unique_ptr<detail::RequestBody> make_datagram_request(
    std::shared_ptr<ServerContext> context, std::string data, Address peer, int socket_fd);

}  // namespace sockserv::core
