#pragma once
// The data connection a session prepares with PASV/EPSV (a listener of its own) or
// PORT/EPRT (an address to connect back to), and that the next transfer opens. Both go
// through the SDK's listen/connect, so waiting suspends only the current task.

#include "command.hpp"

#include <sockserv/connect.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/time.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>

namespace file_plugin {

/// Listens on `host` at a port of `range` (any free port for {0, 0}), trying the ports from
/// `next` on; throws sockserv::Error when none is free.
std::unique_ptr<sockserv::Listener> listen_passive(const std::string& host, PortRange range,
                                                   std::atomic<unsigned>& next);

/// What PASV/EPSV or PORT/EPRT prepared; used by one transfer.
class DataChannel {
 public:
  /// The next transfer accepts on `listener`.
  void set_passive(std::unique_ptr<sockserv::Listener> listener);
  /// The next transfer connects to `endpoint`.
  void set_active(sockserv::Endpoint endpoint);
  /// True once PASV/EPSV/PORT/EPRT has prepared a connection.
  bool prepared() const noexcept { return listener_ || active_; }
  /// Forgets what was prepared (closes a passive listener).
  void reset();

  /// Opens the connection prepared: accepts (only from `client_host`, the control
  /// connection's peer: others are closed, so nobody else can steal the transfer) or
  /// connects, within `timeout`. Null if the time passes or `aborted` becomes true first.
  /// Throws sockserv::Error if connecting fails.
  std::unique_ptr<sockserv::Stream> open(sockserv::Duration timeout,
                                         const std::atomic<bool>& aborted,
                                         const std::string& client_host);

 private:
  std::unique_ptr<sockserv::Listener> listener_;
  std::optional<sockserv::Endpoint> active_;
};

}  // namespace file_plugin
