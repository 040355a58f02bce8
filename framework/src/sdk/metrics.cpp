#include "core/counter_table.hpp"
#include "core/server_registry.hpp"

#include <sockserv/metrics.hpp>

namespace sockserv {

std::vector<ServerMetrics> metrics_snapshot() {
  // Under `sockserv run` every process inherits the supervisor's table: it holds every
  // server, this process's own included. Otherwise only this process's servers exist.
  if (auto* table = core::CounterTable::attached()) return table->snapshot();
  return core::listed_servers();
}

}  // namespace sockserv
