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
///    options are valid. State shared by all requests of a server lives in it; handlers may
///    call it from many threads at once, so it must be thread-safe.
///  - For each request the framework calls make_stream_handler() or make_datagram_handler()
///    in the task that runs the request (the serving thread under serial, the request's
///    thread, child process or fiber otherwise) and runs the handler (see handler.hpp).
///  - verify_request() is called on the accepting thread before any handler is made, for
///    peers the server's allow/deny lists and limits have let through; returning false
///    closes the connection or drops the datagram.
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
  Transport transport;              ///< the transport this server listens on
  Options options;                  ///< validated options, every declared one set
  std::shared_ptr<Logger> log;      ///< this server's log
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

}  // namespace sockserv

/// Exported alias names; the loader looks these up.
#define SOCKSERV_PLUGIN_INFO_SYMBOL "sockserv_plugin_info"
#define SOCKSERV_PLUGIN_CREATE_SYMBOL "sockserv_plugin_create"

/// Exports `PluginClass` from this library as a sockserv handler plugin. Use once per library.
#define SOCKSERV_PLUGIN(PluginClass)                                                \
  SOCKSERV_DEFINE_MANIFEST("handler")                                               \
  namespace sockserv_plugin_export {                                                \
  inline ::sockserv::PluginInfo info() { return PluginClass::info(); }              \
  inline std::unique_ptr<::sockserv::Plugin> create(                                \
      const ::sockserv::PluginContext& context) {                                   \
    return std::make_unique<PluginClass>(context);                                  \
  }                                                                                 \
  }                                                                                 \
  BOOST_DLL_ALIAS(sockserv_plugin_export::info, sockserv_plugin_info)               \
  BOOST_DLL_ALIAS(sockserv_plugin_export::create, sockserv_plugin_create)
