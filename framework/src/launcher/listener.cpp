#include "launcher/listener.hpp"

#include "config/config_error.hpp"
#include "launcher/privileges.hpp"

#include <sockserv/error.hpp>

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <string_view>

namespace sockserv::launcher {
namespace {

/// Why a bind refused after the switch away from root (a reload): "" if that is not it.
std::string after_switch(const Endpoint& ep, std::string_view error) {
  auto user = switched_user();
  if (!user || !ep.path.empty() || ep.port == 0 || ep.port >= 1024 ||
      error.find(std::strerror(EACCES)) == std::string_view::npos)
    return "";
  return "; sockserv switched to user '" + *user +
         "' after binding its listeners at start, and that user cannot bind a port below "
         "1024: restart sockserv to bind it as root, or choose a port of 1024 or more";
}

}  // namespace

core::ListeningSocket bind_listener(const config::ServerConfig& server, std::size_t i) {
  const config::Listen& l = server.listen.at(i);
  try {
    return core::bind_endpoint(l.endpoint, true);
  } catch (const Error& e) {
    config::ConfigError located{l.where, "servers." + server.name + ".listen",
                                e.what() + after_switch(l.endpoint, e.what())};
    throw Error(located.to_string());
  }
}

Listeners bind_listeners(const config::ServerConfig& server) {
  Listeners out;
  try {
    for (std::size_t i = 0; i < server.listen.size(); ++i) out.push_back(bind_listener(server, i));
  } catch (...) {
    close_listeners(out);
    throw;
  }
  return out;
}

void close_listeners(Listeners& listeners) noexcept {
  for (auto& l : listeners) core::close_socket(l);
}

core::ListeningSocket bind_control(const std::filesystem::path& path) {
  Endpoint endpoint{Transport::unix_stream, "", 0, path.string()};
  // Owner only from the moment the file exists: the umask covers the window before chmod
  // (the supervisor has one thread, so nothing else creates files meanwhile).
  mode_t old = ::umask(0177);
  core::ListeningSocket socket;
  try {
    socket = core::bind_endpoint(endpoint, false);
  } catch (...) {
    ::umask(old);
    throw;
  }
  ::umask(old);
  if (::chmod(path.c_str(), 0600) != 0) {
    int e = errno;
    core::close_socket(socket);
    throw Error("cannot listen on " + endpoint.to_string() + ": chmod 0600: " + std::strerror(e));
  }
  return socket;
}

std::optional<std::vector<Listeners>> bind_all(const config::Config& config) {
  std::vector<Listeners> bound;
  bool failed = false;
  for (const auto& server : config.servers) {
    try {
      bound.push_back(bind_listeners(server));
    } catch (const Error& e) {
      std::cerr << e.what() << "\n";
      failed = true;
    }
  }
  if (!failed) return bound;
  for (auto& listeners : bound) close_listeners(listeners);  // removes Unix socket files made
  return std::nullopt;
}

}  // namespace sockserv::launcher
