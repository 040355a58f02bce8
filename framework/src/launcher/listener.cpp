#include "launcher/listener.hpp"

#include "config/config_error.hpp"

#include <sockserv/error.hpp>

namespace sockserv::launcher {

core::ListeningSocket bind_listener(const config::ServerConfig& server, std::size_t i) {
  const config::Listen& l = server.listen.at(i);
  try {
    return core::bind_endpoint(l.endpoint, true);
  } catch (const Error& e) {
    config::ConfigError located{l.where, "servers." + server.name + ".listen", e.what()};
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

}  // namespace sockserv::launcher
