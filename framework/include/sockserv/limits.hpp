#pragma once
/// @file limits.hpp
/// How many connections a server takes, from whom at once, and how long they may idle.
/// Applied by the framework before any handler runs, the same under every policy
/// (config: a server's `limits:`; see docs/configuration.md).

#include <sockserv/time.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace sockserv {

/// What a stream server does with a new connection while max_connections are open.
enum class Overload {
  reject,  ///< close it at once
  queue,   ///< hold it, unserved, until a connection ends (up to Limits::queue; beyond, reject)
};

/// A server's limits. Zero means "no limit" for every count and duration.
struct Limits {
  /// Concurrent connections (streams) or datagrams being handled (datagrams); 0: no limit.
  std::size_t max_connections = 0;
  /// Streams over max_connections: close or hold; datagrams over it are always dropped.
  Overload on_overload = Overload::reject;
  /// With Overload::queue: how many connections may wait for a slot; beyond that, reject.
  std::size_t queue = 128;
  /// Concurrent connections (or datagrams in flight) from one IP address; 0: no limit.
  std::size_t per_source = 0;
  /// A stream's initial Stream::timeout(): a read or write waiting this long ends the
  /// request with TimeoutError ("idle for 30s"). Zero: none. A handler's set_timeout
  /// replaces it. Datagrams are not affected.
  Duration idle_timeout{};
  /// Refusals are logged at most once per this interval per reason, with the number
  /// suppressed in between (not a config key: for embedding and tests).
  Duration refusal_log_interval = std::chrono::seconds(1);
};

/// A snapshot of a server's admission counters (Server::stats()).
struct AdmissionStats {
  std::uint64_t accepted = 0;            ///< connections accepted / datagrams received
  std::uint64_t refused_by_access = 0;   ///< not permitted by the allow/deny lists
  std::uint64_t refused_per_source = 0;  ///< over limits.per_source
  std::uint64_t refused_overload = 0;    ///< over max_connections (and the queue is full)
  std::uint64_t refused_by_plugin = 0;   ///< the plugin's verify_request said no (or threw)
  std::uint64_t active = 0;              ///< admitted requests not yet ended
  std::uint64_t queued = 0;              ///< connections waiting for a slot (Overload::queue)
};

}  // namespace sockserv
