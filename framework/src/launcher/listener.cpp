#include "launcher/listener.hpp"

#include "config/config_error.hpp"
#include "launcher/privileges.hpp"

#include <sockserv/error.hpp>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string_view>

namespace sockserv::launcher {
namespace {

/// Why a bind refused after the switch away from root (a reload): "" if that is not it.
std::string after_switch(const config::ServerConfig& server, std::string_view error) {
  auto user = switched_user();
  const Endpoint& ep = server.listen;
  if (!user || !ep.path.empty() || ep.port == 0 || ep.port >= 1024 ||
      error.find(std::strerror(EACCES)) == std::string_view::npos)
    return "";
  return "; sockserv switched to user '" + *user +
         "' after binding its listeners at start, and that user cannot bind a port below "
         "1024: restart sockserv to bind it as root, or choose a port of 1024 or more";
}

}  // namespace

core::ListeningSocket bind_listener(const config::ServerConfig& server) {
  try {
    return core::bind_endpoint(server.listen, true);
  } catch (const Error& e) {
    config::ConfigError located{server.listen_where, "servers." + server.name + ".listen",
                                e.what() + after_switch(server, e.what())};
    throw Error(located.to_string());
  }
}

std::optional<std::vector<core::ListeningSocket>> bind_all(const config::Config& config) {
  std::vector<core::ListeningSocket> bound;
  bool failed = false;
  for (const auto& server : config.servers) {
    try {
      bound.push_back(bind_listener(server));
    } catch (const Error& e) {
      std::cerr << e.what() << "\n";
      failed = true;
    }
  }
  if (!failed) return bound;
  for (auto& socket : bound) core::close_socket(socket);  // removes Unix socket files made
  return std::nullopt;
}

}  // namespace sockserv::launcher
