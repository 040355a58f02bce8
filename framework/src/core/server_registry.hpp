#pragma once
// The Server objects alive in this process, for metrics_snapshot() in embedded use (no
// supervisor, so no shared table).

#include "core/server_counters.hpp"

#include <sockserv/metrics.hpp>

#include <string>
#include <vector>

namespace sockserv::core {

/// Lists server `name` counting into `counters` until unlisted. Thread-safe.
void list_server(const std::string& name, const detail::ServerCounters* counters);
/// Takes back what list_server(…, counters) listed.
void unlist_server(const detail::ServerCounters* counters);
/// Each listed server's counters (processes: 1), in the order they were listed.
std::vector<ServerMetrics> listed_servers();

/// Adds the counters of `c` to the sums in `m` (every field but name and processes).
void add_counters(ServerMetrics& m, const detail::ServerCounters& c);

}  // namespace sockserv::core
