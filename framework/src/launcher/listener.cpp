#include "launcher/listener.hpp"

#include "config/config_error.hpp"

#include <sockserv/error.hpp>

namespace sockserv::launcher {

core::ListeningSocket bind_listener(const config::ServerConfig& server) {
  try {
    return core::bind_endpoint(server.listen, true);
  } catch (const Error& e) {
    config::ConfigError located{server.listen_where, "servers." + server.name + ".listen",
                                e.what()};
    throw Error(located.to_string());
  }
}

}  // namespace sockserv::launcher
