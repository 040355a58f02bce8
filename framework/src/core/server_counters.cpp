#include "core/server_counters.hpp"

namespace sockserv::core {
namespace {

detail::ServerCounters* worker_counters = nullptr;

}  // namespace

detail::ServerCounters* process_counters() noexcept { return worker_counters; }

void set_process_counters(detail::ServerCounters* counters) noexcept {
  worker_counters = counters;
}

}  // namespace sockserv::core
