#pragma once
/// @file metrics.hpp
/// Per-server counters, for a plugin that reports them (the bundled `metrics` plugin serves
/// them to Prometheus). See docs/operations.md for what each one means.

#include <sockserv/api.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace sockserv {

/// One server's counters, summed over its worker processes (and their forked children).
/// Every count but `active` and `processes` only grows while the server is configured:
/// a restarted worker, or a server a reload restarted, keeps its totals.
struct ServerMetrics {
  std::string name;                     ///< the server's name in the config
  std::uint64_t accepted = 0;           ///< connections accepted / datagrams received
  std::uint64_t active = 0;             ///< admitted requests not yet ended
  std::uint64_t refused_access = 0;     ///< refused by the allow/deny lists
  std::uint64_t refused_per_source = 0; ///< refused over limits.per_source
  std::uint64_t refused_overload = 0;   ///< refused over limits.max_connections
  std::uint64_t refused_plugin = 0;     ///< refused by the plugin's verify_request
  std::uint64_t handler_errors = 0;     ///< requests that ended with an exception
  std::uint64_t bytes_in = 0;           ///< read from request streams, datagrams received
  std::uint64_t bytes_out = 0;          ///< written to request streams (sendfile too), replied
  std::uint64_t restarts = 0;           ///< worker processes restarted by the supervisor
  std::uint64_t processes = 0;          ///< worker processes running (1 for embedded servers)
};

/// Every server's counters now (in no set order). Under `sockserv run`: every configured
/// server, read from the supervisor's shared table (a server removed by a reload is gone).
/// Embedded (no supervisor): the Server objects alive in this process. Thread-safe.
SOCKSERV_API std::vector<ServerMetrics> metrics_snapshot();

}  // namespace sockserv
