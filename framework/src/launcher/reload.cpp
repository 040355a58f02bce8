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

/// The listeners for `wanted`, which replaces `old` (null when added): for an endpoint the
/// old server listens on too, its socket, so no client is refused; the others bound anew,
/// all of them before any is taken from `old`, so a bind error leaves `old` whole. Nullopt
/// after logging a bind error and adding it to `failures`.
std::optional<Listeners> listeners_for(const ResolvedServer& wanted, ServerGroup* old,
                                       std::vector<ReloadFailure>& failures) {
  const auto& listen = wanted.config.listen;
  std::vector<std::optional<core::ListeningSocket>> sockets(listen.size());
  auto held = old ? config::endpoints(old->server().config) : std::vector<Endpoint>{};
  try {
    for (std::size_t i = 0; i < listen.size(); ++i)
      if (std::find(held.begin(), held.end(), listen[i].endpoint) == held.end())
        sockets[i] = bind_listener(wanted.config, i);
  } catch (const Error& e) {
    for (auto& s : sockets)
      if (s) core::close_socket(*s);
    log().error(std::string("reload: ") + e.what() + "; server '" + wanted.config.name + "' " +
                (old ? "keeps running with its old config" : "is not started"));
    failures.push_back({wanted.config.name, e.what()});
    return std::nullopt;
  }
  Listeners out;
  for (std::size_t i = 0; i < listen.size(); ++i)
    out.push_back(sockets[i] ? std::move(*sockets[i]) : *old->take_listener(listen[i].endpoint));
  return out;
}

}  // namespace

std::vector<ReloadFailure> apply_reload(const ReloadPlan& plan,
                                        const std::vector<ResolvedServer>& wanted, Groups& groups,
                                        Groups& retiring, const Spawn& spawn, Deadline now) {
  std::vector<ReloadFailure> failures;
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
    auto listeners = listeners_for(w, old.get(), failures);
    if (!listeners) {
      if (old) next.push_back(std::move(old));
      continue;
    }
    log().info("reload: server '" + name + "' " +
               (old ? "changed: restarting it" : "was added: starting it"));
    if (old) retire(std::move(old), retiring, now);
    next.push_back(std::make_unique<ServerGroup>(w, std::move(*listeners), spawn));
    to_start.push_back(next.back().get());
  }
  for (auto& left : groups) retire(std::move(left), retiring, now);  // none, if plan fits groups
  groups = std::move(next);
  for (ServerGroup* g : to_start) g->start(now);
  return failures;
}

}  // namespace sockserv::launcher
