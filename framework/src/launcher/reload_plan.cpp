#include "launcher/reload_plan.hpp"

#include <algorithm>
#include <tuple>

namespace sockserv::launcher {
namespace {

/// What of a server's config decides how it runs; Location fields are left out on purpose.
auto identity(const config::ServerConfig& c) {
  return std::make_tuple(c.name, config::endpoints(c), c.processes, c.shutdown_timeout);
}

bool same_plugin(const loader::LoadedPlugin& a, const loader::LoadedPlugin& b) {
  return a.path.lexically_normal() == b.path.lexically_normal() && a.info.name == b.info.name &&
         a.info.version == b.info.version;
}

bool same_policy(const PolicyChoice& a, const PolicyChoice& b) {
  return a.info.name == b.info.name && a.path.lexically_normal() == b.path.lexically_normal();
}

const ResolvedServer* find(const std::vector<ResolvedServer>& servers, const std::string& name) {
  auto it = std::find_if(servers.begin(), servers.end(),
                         [&](const ResolvedServer& s) { return s.config.name == name; });
  return it == servers.end() ? nullptr : &*it;
}

}  // namespace

bool same_server(const ResolvedServer& a, const ResolvedServer& b) {
  return identity(a.config) == identity(b.config) && same_plugin(a.plugin, b.plugin) &&
         a.plugin_options.values() == b.plugin_options.values() &&
         same_policy(a.policy, b.policy) && a.policy_options.values() == b.policy_options.values();
}

std::string ReloadPlan::summary() const {
  return "reload: " + std::to_string(unchanged.size()) + " unchanged, " +
         std::to_string(changed.size()) + " changed, " + std::to_string(added.size()) + " added, " +
         std::to_string(removed.size()) + " removed";
}

ReloadPlan plan_reload(const std::vector<ResolvedServer>& running,
                       const std::vector<ResolvedServer>& wanted) {
  ReloadPlan plan;
  for (const auto& w : wanted) {
    const ResolvedServer* r = find(running, w.config.name);
    auto& list = !r ? plan.added : same_server(*r, w) ? plan.unchanged : plan.changed;
    list.push_back(w.config.name);
  }
  for (const auto& r : running)
    if (!find(wanted, r.config.name)) plan.removed.push_back(r.config.name);
  return plan;
}

}  // namespace sockserv::launcher
