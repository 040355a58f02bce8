#include "loader/loader.hpp"

#include "loader/library.hpp"
#include "loader/library_policy.hpp"
#include "loader/loaded_library.hpp"
#include "loader/manifest_check.hpp"

#include <exception>
#include <string>
#include <utility>

namespace sockserv::loader {
namespace {

// What an exception from library code said, taken while the library is still loaded: its
// type and what() may live in the library's own code.
std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

template <class Info>
Info call_info(Info (*info)(), const std::filesystem::path& path) {
  try {
    return info();
  } catch (...) {
    fail(path, "info() threw: " + describe_current_exception());
  }
}

// Calls a library's factory; rethrows its failure as Error while the library is loaded.
template <class Object, class Create, class Context>
std::unique_ptr<Object> call_create(Create* create, const Context& context,
                                    const std::string& what) {
  std::unique_ptr<Object> object;
  try {
    object = create(context);
  } catch (...) {
    throw Error(what + " failed to start: " + describe_current_exception());
  }
  if (!object) throw Error(what + " failed to start: its factory returned nothing");
  return object;
}

std::string describe(std::string_view kind, const std::string& name,
                     const std::filesystem::path& path) {
  return std::string(kind) + " '" + name + "' (" + path.string() + ")";
}

// Deletes a plugin, then lets its library go: the Boost.DLL tutorial 8 pattern. Resetting
// here rather than when the control block dies keeps weak_ptrs from pinning the library.
struct LibraryKeepingDeleter {
  std::shared_ptr<boost::dll::shared_library> library;
  void operator()(Plugin* plugin) {
    delete plugin;
    library.reset();
  }
};

}  // namespace

LoadedPlugin load_plugin(const LoadedLibrary& loaded) {
  const auto& [path, library, manifest] = loaded;
  check_kind(*manifest, path, handler_kind);
  require_aliases(*library, path, {SOCKSERV_PLUGIN_INFO_SYMBOL, SOCKSERV_PLUGIN_CREATE_SYMBOL},
                  "SOCKSERV_PLUGIN(YourPlugin)");
  auto* info = import_function<PluginInfoFunction>(*library, SOCKSERV_PLUGIN_INFO_SYMBOL);
  auto* create = import_function<PluginCreateFunction>(*library, SOCKSERV_PLUGIN_CREATE_SYMBOL);
  PluginCheckFunction* check = nullptr;
  if (library->has(SOCKSERV_PLUGIN_CHECK_SYMBOL))
    check = import_function<PluginCheckFunction>(*library, SOCKSERV_PLUGIN_CHECK_SYMBOL);
  return LoadedPlugin{path, call_info(info, path), library, create, check};
}

LoadedPolicy load_policy(const LoadedLibrary& loaded) {
  const auto& [path, library, manifest] = loaded;
  check_kind(*manifest, path, policy_kind);
  require_aliases(*library, path, {SOCKSERV_POLICY_INFO_SYMBOL, SOCKSERV_POLICY_CREATE_SYMBOL},
                  "SOCKSERV_POLICY(YourPolicy)");
  auto* info = import_function<PolicyInfoFunction>(*library, SOCKSERV_POLICY_INFO_SYMBOL);
  auto* create = import_function<PolicyCreateFunction>(*library, SOCKSERV_POLICY_CREATE_SYMBOL);
  return LoadedPolicy{path, call_info(info, path), library, create};
}

LoadedPlugin load_plugin(const std::filesystem::path& path) {
  return load_plugin(open_sockserv_library(path));
}

LoadedPolicy load_policy(const std::filesystem::path& path) {
  return load_policy(open_sockserv_library(path));
}

std::shared_ptr<Plugin> LoadedPlugin::make(const PluginContext& context) const {
  auto plugin = call_create<Plugin>(create, context, describe("plugin", info.name, path));
  return std::shared_ptr<Plugin>(plugin.release(), LibraryKeepingDeleter{library});
}

std::unique_ptr<Policy> LoadedPolicy::make(const PolicyContext& context) const {
  auto policy = call_create<Policy>(create, context, describe("policy", info.name, path));
  return std::make_unique<LibraryPolicy>(std::move(policy), library);
}

}  // namespace sockserv::loader
