#pragma once
// Reading one entry under `servers:`.

#include "config/config.hpp"
#include "config/node_reader.hpp"

#include <filesystem>

namespace sockserv::config {

/// A server as read. `listen_ok` says `config.listen` holds every endpoint parsed, so the
/// duplicate-endpoint check can skip servers whose `listen` was already reported.
struct ServerEntry {
  ServerConfig config;
  bool listen_ok = false;
};

/// The keys a server accepts.
const std::vector<std::string>& server_keys();

/// Reads `entry` (key: the server's name, value: its settings). `shutdown_timeout` is the
/// top-level value, used when the server gives none.
ServerEntry read_server(NodeReader& reader, const Entry& entry,
                        const std::filesystem::path& base_dir, Duration shutdown_timeout);

}  // namespace sockserv::config
