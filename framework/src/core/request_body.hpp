#pragma once
// The inside of a Request, and the request boundary: where every handler call is wrapped.

#include "core/admission.hpp"
#include "core/rate_limiter.hpp"
#include "core/server_counters.hpp"

#include <sockserv/access_list.hpp>
#include <sockserv/address.hpp>
#include <sockserv/limits.hpp>
#include <sockserv/log.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/request.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/transport.hpp>

#include <atomic>
#include <chrono>
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
  Limits limits;                 ///< set before serving, then read-only
  AccessList access;             ///< set before serving, then read-only
  detail::ServerCounters own_metrics;  ///< counted into when metrics is not shared
  /// What metrics_snapshot() reports: own_metrics, or this worker's slot of the
  /// supervisor's shared table (set before serving, then fixed).
  detail::ServerCounters* metrics = &own_metrics;
  AdmissionCounters counters;    ///< active, queued: what the limits decide on
  Admission admission{limits, counters};  ///< the slots behind `limits`
  RefusalLog refusals{std::chrono::seconds(1)};  ///< refusal lines at a bounded rate
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
  /// Closes this copy of the connection and hands over the request's admission slot (see
  /// Request::detach_connection). The body is not run afterwards.
  virtual std::shared_ptr<void> detach() = 0;
};

}  // namespace sockserv::detail

namespace sockserv::core {

/// A request for an accepted connection `fd` (owned from here on), holding `slot` until
/// the request ends.
std::unique_ptr<detail::RequestBody> make_stream_request(
    std::shared_ptr<ServerContext> context, int fd, Address peer, Address local, Slot slot);

/// A request for one datagram received on `socket_fd` (not owned), holding `slot` until
/// the request ends.
std::unique_ptr<detail::RequestBody> make_datagram_request(
    std::shared_ptr<ServerContext> context, std::string data, Address peer, int socket_fd,
    Slot slot);

}  // namespace sockserv::core
