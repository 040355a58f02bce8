#include "core/server_registry.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

namespace sockserv::core {
namespace {

struct Listed {
  std::string name;
  const detail::ServerCounters* counters;
};

std::mutex listed_mutex;
std::vector<Listed> listed;  // a few servers per process: a vector is enough

}  // namespace

void list_server(const std::string& name, const detail::ServerCounters* counters) {
  std::lock_guard lock(listed_mutex);
  listed.push_back({name, counters});
}

void unlist_server(const detail::ServerCounters* counters) {
  std::lock_guard lock(listed_mutex);
  std::erase_if(listed, [&](const Listed& l) { return l.counters == counters; });
}

std::vector<ServerMetrics> listed_servers() {
  std::lock_guard lock(listed_mutex);
  std::vector<ServerMetrics> all;
  for (const auto& l : listed) {
    ServerMetrics m{.name = l.name, .processes = 1};
    add_counters(m, *l.counters);
    all.push_back(std::move(m));
  }
  return all;
}

void add_counters(ServerMetrics& m, const detail::ServerCounters& c) {
  constexpr auto relaxed = std::memory_order_relaxed;
  m.accepted += c.accepted.load(relaxed);
  m.active += c.active.load(relaxed);
  m.refused_access += c.refused_access.load(relaxed);
  m.refused_per_source += c.refused_per_source.load(relaxed);
  m.refused_overload += c.refused_overload.load(relaxed);
  m.refused_plugin += c.refused_plugin.load(relaxed);
  m.handler_errors += c.handler_errors.load(relaxed);
  m.bytes_in += c.bytes_in.load(relaxed);
  m.bytes_out += c.bytes_out.load(relaxed);
  m.restarts += c.restarts.load(relaxed);
}

}  // namespace sockserv::core
