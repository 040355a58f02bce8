#pragma once
/// @file plugin.hpp
/// Handler plugins: what a plugin library exports and the object it makes per server.
///
/// Contract:
///  - A plugin library exports itself with one line, SOCKSERV_PLUGIN(MyPlugin). MyPlugin
///    has `static sockserv::PluginInfo info()` and a constructor taking
///    `const sockserv::PluginContext&`.
///  - The framework calls info() to list and validate the plugin without making it, then
///    makes one MyPlugin per server, in the process that serves (after any fork), once the
///    options are valid. A server whose `listen:` lists several endpoints still has one
///    MyPlugin per process, serving requests from all of them (PluginContext::transports). State shared by all requests of a server lives in it; handlers may
///    call it from many threads at once, so it must be thread-safe.
///  - For each request the framework calls make_stream_handler() or make_datagram_handler()
///    in the task that runs the request (the serving thread under serial, the request's
///    thread, child process or fiber otherwise) and runs the handler (see handler.hpp).
///  - verify_request() is called on the accepting thread before any handler is made, for
///    peers the server's allow/deny lists and limits have let through; returning false
///    closes the connection or drops the datagram.
///  - Optionally, MyPlugin has `static std::vector<std::string> check(const ServerShape&)`:
///    `sockserv check` and `run` call it (without making the plugin) once the options are
///    valid, and report each string it returns as an error of the server's `handler:`.
///  - A plugin's library stays loaded while the plugin or any handler it made lives.

#include <sockserv/api.hpp>
#include <sockserv/handler.hpp>
#include <sockserv/log.hpp>
#include <sockserv/manifest.hpp>
#include <sockserv/options.hpp>
#include <sockserv/transport.hpp>

#include <boost/dll/alias.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sockserv {

class Address;

/// What a plugin says of itself.
struct PluginInfo {
  std::string name;                 ///< as named in config: `handler: {plugin: NAME}`
  std::string version;              ///< the plugin's own version
  std::string description;          ///< one line
  TransportSet transports;          ///< the transports it can serve
  std::vector<OptionSpec> options;  ///< the options it accepts under `handler:`
};

/// What the framework gives a plugin when it makes it.
struct PluginContext {
  std::string server_name;          ///< the server's name in config
  Transport transport;              ///< the transport of the server's first endpoint
  Options options;                  ///< validated options, every declared one set
  std::shared_ptr<Logger> log;      ///< this server's log
  /// Every transport the server listens on: `transport`, and those of the other endpoints
  /// when `listen:` is a list. The one plugin object serves requests of all of them.
  TransportSet transports{};
};

/// What a plugin's optional `static check(const ServerShape&)` is shown of one server.
struct ServerShape {
  std::string server_name;          ///< the server's name in config
  Transport transport;              ///< the transport of the server's first endpoint
  std::string policy;               ///< the policy's name, e.g. "forking"
  int processes = 1;                ///< worker processes sharing the listeners (`processes:`)
  Options options;                  ///< the plugin's validated options, every declared one set
  TransportSet transports{};        ///< every transport the server listens on (see PluginContext)
};

/// A plugin instance: one per server.
class SOCKSERV_API Plugin {
 public:
  virtual ~Plugin();
  /// Makes the handler of one connection. Default: throws Error (no stream support).
  virtual std::unique_ptr<StreamHandler> make_stream_handler();
  /// Makes the handler of one datagram. Default: throws Error (no datagram support).
  virtual std::unique_ptr<DatagramHandler> make_datagram_handler();
  /// Hook like socketserver's verify_request. Default: allows every peer.
  virtual bool verify_request(const Address& peer);
};

/// Signature of the exported function that describes a plugin.
using PluginInfoFunction = PluginInfo();
/// Signature of the exported function that makes a plugin.
using PluginCreateFunction = std::unique_ptr<Plugin>(const PluginContext&);
/// Signature of the exported function that checks a server's config: one line per problem.
using PluginCheckFunction = std::vector<std::string>(const ServerShape&);

namespace detail {
/// `PluginClass::check(shape)` if the class declares it; else no problems.
template <class PluginClass>
std::vector<std::string> check_plugin(const ServerShape& shape) {
  if constexpr (requires { PluginClass::check(shape); })
    return PluginClass::check(shape);
  else
    return {};
}
}  // namespace detail

}  // namespace sockserv

/// Exported alias names; the loader looks these up.
#define SOCKSERV_PLUGIN_INFO_SYMBOL "sockserv_plugin_info"
#define SOCKSERV_PLUGIN_CREATE_SYMBOL "sockserv_plugin_create"
/// Exported alias of the check function; optional, so libraries built without it still load.
#define SOCKSERV_PLUGIN_CHECK_SYMBOL "sockserv_plugin_check"

/// Exports `PluginClass` from this library as a sockserv handler plugin. Use once per library.
#define SOCKSERV_PLUGIN(PluginClass)                                                \
  SOCKSERV_DEFINE_MANIFEST("handler")                                               \
  namespace sockserv_plugin_export {                                                \
  inline ::sockserv::PluginInfo info() { return PluginClass::info(); }              \
  inline std::unique_ptr<::sockserv::Plugin> create(                                \
      const ::sockserv::PluginContext& context) {                                   \
    return std::make_unique<PluginClass>(context);                                  \
  }                                                                                 \
  inline std::vector<std::string> check(const ::sockserv::ServerShape& shape) {     \
    return ::sockserv::detail::check_plugin<PluginClass>(shape);                    \
  }                                                                                 \
  }                                                                                 \
  BOOST_DLL_ALIAS(sockserv_plugin_export::info, sockserv_plugin_info)               \
  BOOST_DLL_ALIAS(sockserv_plugin_export::create, sockserv_plugin_create)           \
  BOOST_DLL_ALIAS(sockserv_plugin_export::check, sockserv_plugin_check)
