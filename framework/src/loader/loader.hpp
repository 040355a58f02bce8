#pragma once
// Loads plugin and policy libraries with Boost.DLL, checking their manifest first.

#include <sockserv/error.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/policy.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace boost::dll {
class shared_library;
}

namespace sockserv::loader {

/// A library that cannot be used: one line naming the path and what is wrong.
class LoadError : public Error {
 public:
  using Error::Error;
};

/// A loaded handler-plugin library. Copies share the library; it stays loaded while any
/// copy or any plugin made from it lives.
struct LoadedPlugin {
  std::filesystem::path path;
  PluginInfo info;
  std::shared_ptr<boost::dll::shared_library> library;
  PluginCreateFunction* create = nullptr;
  PluginCheckFunction* check = nullptr;  ///< null for a library built before the hook

  /// Makes a plugin whose deleter keeps the library loaded. Exceptions from the plugin's
  /// constructor are rethrown as Error while the library is still loaded.
  std::shared_ptr<Plugin> make(const PluginContext& context) const;
};

/// A loaded policy library; the same rules as LoadedPlugin.
struct LoadedPolicy {
  std::filesystem::path path;
  PolicyInfo info;
  std::shared_ptr<boost::dll::shared_library> library;
  PolicyCreateFunction* create = nullptr;

  /// Makes a policy that keeps the library loaded until it is destroyed (a forwarding
  /// wrapper owns both). Constructor exceptions are rethrown as Error.
  std::unique_ptr<Policy> make(const PolicyContext& context) const;
};

/// Loads a handler plugin; throws LoadError (missing file, not a shared library, no
/// sockserv manifest, ABI version mismatch showing both versions, other compiler or
/// standard library, a policy where a handler plugin was expected, missing factory).
LoadedPlugin load_plugin(const std::filesystem::path& path);
/// Loads a policy library; throws LoadError as load_plugin does.
LoadedPolicy load_policy(const std::filesystem::path& path);

/// The file a plugin or policy `name` is found as on `plugin_path`: the first
/// DIR/NAME.so that exists; nullopt if none.
std::optional<std::filesystem::path> find_on_path(
    const std::string& name, const std::vector<std::filesystem::path>& plugin_path);

/// One library found while scanning a plugin path.
struct Found {
  std::filesystem::path path;
  std::variant<LoadedPlugin, LoadedPolicy, LoadError> result;
};

/// Every *.so directly in each of `dirs` (dirs in the given order, each one's files sorted by
/// path), loaded as a plugin or policy as its manifest says, or with the reason it was
/// rejected. A dir that cannot be read adds nothing.
std::vector<Found> scan(const std::vector<std::filesystem::path>& dirs);

}  // namespace sockserv::loader
