#pragma once
// From a parsed config to everything needed to start its servers: each plugin and policy
// found and loaded, their options checked, transports matched. Binds nothing.

#include "config/config.hpp"
#include "config/config_error.hpp"
#include "loader/loader.hpp"

#include <sockserv/options.hpp>
#include <sockserv/policy.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace sockserv::launcher {

/// A policy ready to be made: built in, or from a library.
struct PolicyChoice {
  PolicyInfo info;
  std::filesystem::path path;  ///< empty for built-ins
  std::function<std::unique_ptr<Policy>(const PolicyContext&)> make;
};

/// One server with its plugin and policy resolved and its options typed.
struct ResolvedServer {
  config::ServerConfig config;
  loader::LoadedPlugin plugin;
  Options plugin_options;
  PolicyChoice policy;
  Options policy_options;
};

/// A whole config, ready to run.
struct Resolved {
  config::Config config;
  std::vector<ResolvedServer> servers;
};

/// The outcome: `resolved` only when `errors` is empty.
struct ResolveResult {
  std::optional<Resolved> resolved;
  config::ConfigErrors errors;  ///< in file order
};

/// Parses `file` and resolves every server in it.
ResolveResult load_config(const std::filesystem::path& file);

/// Every transport `server` listens on.
TransportSet transports_of(const config::ServerConfig& server);

/// Resolves every server of an already parsed `config`: loads their plugin and policy
/// libraries, which runs plugin code (static initialisers, info(), check()).
ResolveResult resolve_config(const config::Config& config);

/// The plugin path used for `config`: its `plugin_path`, then the default folder.
std::vector<std::filesystem::path> effective_plugin_path(const config::Config& config);

/// The folder of the plugins installed with this sockserv: <exe>/../lib/sockserv/plugins.
std::filesystem::path default_plugin_dir();

}  // namespace sockserv::launcher
