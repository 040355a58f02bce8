#include "launcher/resolve.hpp"

#include "config/config_parser.hpp"
#include "config/did_you_mean.hpp"
#include "config/option_values.hpp"
#include "core/builtin_policies.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unistd.h>

namespace sockserv::launcher {
namespace fs = std::filesystem;
namespace {

/// Names of the libraries on the plugin path (file stems), for "did you mean".
std::vector<std::string> names_on_path(const std::vector<fs::path>& dirs) {
  std::set<std::string> names;
  for (const auto& dir : dirs) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec))
      if (entry.path().extension() == ".so") names.insert(entry.path().stem().string());
  }
  return {names.begin(), names.end()};
}

std::string describe_path(const std::vector<fs::path>& dirs) {
  std::string out;
  for (const auto& d : dirs) out += (out.empty() ? "" : ", ") + d.string();
  return out.empty() ? "(empty)" : out;
}

/// Resolves every server, loading each library once.
class Resolver {
 public:
  Resolver(const config::Config& config, config::ConfigErrors& errors)
      : config_(config), errors_(errors), plugin_path_(effective_plugin_path(config)) {}

  std::optional<ResolvedServer> resolve(const config::ServerConfig& server) {
    ResolvedServer out{server, {}, {}, {}, {}};
    bool plugin_ok = resolve_plugin(server, out);
    bool policy_ok = resolve_policy(server, out);
    if (!plugin_ok || !policy_ok || !check_endpoints_policy(server, out) ||
        !check_shape(server, out))
      return std::nullopt;
    return out;
  }

 private:
  void error(const config::Location& where, const std::string& key, const std::string& what) {
    errors_.push_back({where, key, what});
  }

  bool resolve_plugin(const config::ServerConfig& server, ResolvedServer& out) {
    const auto& h = server.handler;
    fs::path path = h.path;
    if (path.empty()) {
      auto found = loader::find_on_path(h.name, plugin_path_);
      if (!found) {
        error(h.where, h.key_path + ".plugin",
              "unknown plugin '" + h.name + "'" +
                  config::did_you_mean(h.name, names_on_path(plugin_path_)) +
                  " (plugin path: " + describe_path(plugin_path_) + "; see `sockserv plugins`)");
        return false;
      }
      path = *found;
    }
    auto plugin = load(path, h);
    if (!plugin) return false;
    out.plugin = *plugin;
    const auto& info = out.plugin.info;
    if (!serves_every_endpoint(server, info)) return false;
    std::size_t before = errors_.size();
    out.plugin_options = config::check_options(info.options, h.options, h.key_path, h.where,
                                               "plugin '" + info.name + "'", config_.base_dir,
                                               errors_);
    return errors_.size() == before;
  }

  /// Each endpoint's transport must be one the plugin serves; each miss is reported at it.
  bool serves_every_endpoint(const config::ServerConfig& server, const PluginInfo& info) {
    bool ok = true;
    for (const config::Listen& l : server.listen) {
      if (info.transports.contains(l.endpoint.transport)) continue;
      error(l.where, "servers." + server.name + ".listen",
            "plugin '" + info.name + "' does not serve " +
                std::string(to_string(l.endpoint.transport)) + " (" + l.endpoint.to_string() +
                "); it serves " + to_string(info.transports));
      ok = false;
    }
    return ok;
  }

  /// The plugin's own check of the server it is configured for (policy, processes...).
  bool check_shape(const config::ServerConfig& server, const ResolvedServer& out) {
    if (!out.plugin.check) return true;
    const auto& h = server.handler;
    ServerShape shape{server.name, server.listen.front().endpoint.transport,
                      out.policy.info.name, server.processes, out.plugin_options,
                      transports_of(server)};
    std::vector<std::string> problems;
    try {
      problems = out.plugin.check(shape);
    } catch (const std::exception& e) {
      problems = {std::string("check() threw: ") + e.what()};
    } catch (...) {
      problems = {"check() threw an exception that is not a std::exception"};
    }
    for (const auto& problem : problems)
      error(h.where, h.key_path, "plugin '" + out.plugin.info.name + "': " + problem);
    return problems.empty();
  }

  /// Several endpoints are served by threads of one process, and forking needs a process
  /// with one thread (DESIGN §11), so the two do not mix.
  bool check_endpoints_policy(const config::ServerConfig& server, const ResolvedServer& out) {
    if (server.listen.size() < 2 || out.policy.info.name != "forking") return true;
    error(server.policy.where, server.policy.key_path + ".type",
          "policy 'forking' needs a process with a single thread, but a server with " +
              std::to_string(server.listen.size()) + " endpoints serves each on a thread of "
              "its own; use policy threading or coroutine, or one server per endpoint");
    return false;
  }

  std::optional<loader::LoadedPlugin> load(const fs::path& path, const config::ComponentConfig& h) {
    auto cached = plugins_.find(path);
    if (cached != plugins_.end()) return cached->second;
    try {
      auto plugin = loader::load_plugin(path);
      for (const auto& problem : config::check_specs(plugin.info.options))
        throw loader::LoadError(path.string() + ": plugin bug: " + problem);
      return plugins_.emplace(path, std::move(plugin)).first->second;
    } catch (const std::exception& e) {
      error(h.where, h.key_path + (h.path.empty() ? ".plugin" : ".path"), e.what());
      return std::nullopt;
    }
  }

  bool resolve_policy(const config::ServerConfig& server, ResolvedServer& out) {
    const auto& p = server.policy;
    if (const auto* builtin = core::find_builtin_policy(p.name)) {
      out.policy = {builtin->info, {}, builtin->make};
    } else if (auto found = loader::find_on_path(p.name, plugin_path_)) {
      try {
        auto loaded = loader::load_policy(*found);
        for (const auto& problem : config::check_specs(loaded.info.options))
          throw loader::LoadError(found->string() + ": policy bug: " + problem);
        out.policy = {loaded.info, loaded.path,
                      [loaded](const PolicyContext& c) { return loaded.make(c); }};
      } catch (const std::exception& e) {
        error(p.where, p.key_path + ".type", e.what());
        return false;
      }
    } else {
      std::vector<std::string> choices;
      for (const auto& b : core::builtin_policies()) choices.push_back(b.info.name);
      auto candidates = choices;
      for (auto& name : names_on_path(plugin_path_)) candidates.push_back(std::move(name));
      error(p.where, p.key_path + ".type",
            "unknown policy '" + p.name + "'" + config::did_you_mean(p.name, candidates) +
                " (built in: " + config::join_choices(choices) +
                "; or a policy library on the plugin path)");
      return false;
    }
    std::size_t before = errors_.size();
    out.policy_options =
        config::check_options(out.policy.info.options, p.options, p.key_path, p.where,
                              "policy '" + out.policy.info.name + "'", config_.base_dir, errors_);
    return errors_.size() == before;
  }

  const config::Config& config_;
  config::ConfigErrors& errors_;
  std::vector<fs::path> plugin_path_;
  std::map<fs::path, loader::LoadedPlugin> plugins_;
};

}  // namespace

TransportSet transports_of(const config::ServerConfig& server) {
  TransportSet set;
  for (const config::Listen& l : server.listen) set.add(l.endpoint.transport);
  return set;
}

fs::path default_plugin_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path().parent_path() / "lib" / "sockserv" / "plugins").lexically_normal();
}

std::vector<fs::path> effective_plugin_path(const config::Config& config) {
  auto dirs = config.plugin_path;
  fs::path fallback = default_plugin_dir();
  if (!fallback.empty() && std::find(dirs.begin(), dirs.end(), fallback) == dirs.end())
    dirs.push_back(fallback);
  return dirs;
}

ResolveResult load_config(const fs::path& file) {
  auto parsed = config::parse_file(file);
  if (!parsed.config) return {std::nullopt, std::move(parsed.errors)};
  return resolve_config(*parsed.config);
}

ResolveResult resolve_config(const config::Config& config) {
  ResolveResult result;
  Resolved resolved{config, {}};
  Resolver resolver(resolved.config, result.errors);
  for (const auto& server : resolved.config.servers)
    if (auto r = resolver.resolve(server)) resolved.servers.push_back(std::move(*r));
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const auto& a, const auto& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  if (result.errors.empty()) result.resolved = std::move(resolved);
  return result;
}

}  // namespace sockserv::launcher
