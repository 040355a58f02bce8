#include "launcher/reload.hpp"

#include "core/spdlog_logger.hpp"
#include "launcher/listener.hpp"

#include <sockserv/error.hpp>

#include <algorithm>

namespace sockserv::launcher {
namespace {

Logger& log() { return core::process_log(); }

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

/// Removes the group named `name` from `groups` and returns it (null if absent).
std::unique_ptr<ServerGroup> take(Groups& groups, const std::string& name) {
  auto it =
      std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g->name() == name; });
  if (it == groups.end()) return nullptr;
  auto group = std::move(*it);
  groups.erase(it);
  return group;
}

void retire(std::unique_ptr<ServerGroup> group, Groups& retiring, Deadline now) {
  group->stop(now);
  retiring.push_back(std::move(group));
}

/// The listener for `wanted`, which replaces `old` (null when added): the old one's if the
/// endpoint is unchanged, else a new bind. Null after logging a bind error.
std::optional<core::ListeningSocket> listener_for(const ResolvedServer& wanted, ServerGroup* old) {
  if (old && old->server().config.listen == wanted.config.listen) return old->take_listener();
  try {
    return bind_listener(wanted.config);
  } catch (const Error& e) {
    log().error(std::string("reload: ") + e.what() + "; server '" + wanted.config.name + "' " +
                (old ? "keeps running with its old config" : "is not started"));
    return std::nullopt;
  }
}

}  // namespace

void apply_reload(const ReloadPlan& plan, const std::vector<ResolvedServer>& wanted, Groups& groups,
                  Groups& retiring, const Spawn& spawn, Deadline now) {
  for (const auto& name : plan.removed) {
    log().info("reload: server '" + name + "' was removed: stopping it");
    retire(take(groups, name), retiring, now);
  }
  Groups next;
  std::vector<ServerGroup*> to_start;
  for (const auto& w : wanted) {
    const std::string& name = w.config.name;
    auto old = take(groups, name);
    if (contains(plan.unchanged, name)) {
      next.push_back(std::move(old));
      continue;
    }
    auto listener = listener_for(w, old.get());
    if (!listener) {
      if (old) next.push_back(std::move(old));
      continue;
    }
    log().info("reload: server '" + name + "' " +
               (old ? "changed: restarting it" : "was added: starting it"));
    if (old) retire(std::move(old), retiring, now);
    next.push_back(std::make_unique<ServerGroup>(w, std::move(*listener), spawn));
    to_start.push_back(next.back().get());
  }
  for (auto& left : groups) retire(std::move(left), retiring, now);  // none, if plan fits groups
  groups = std::move(next);
  for (ServerGroup* g : to_start) g->start(now);
}

}  // namespace sockserv::launcher
