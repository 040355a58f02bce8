#pragma once
// The configuration as typed structs: YAML is read once, at the edge (config_parser.cpp);
// nothing past it sees a YAML node.

#include "config/location.hpp"
#include "config/run_as.hpp"

#include <sockserv/access_list.hpp>
#include <sockserv/endpoint.hpp>
#include <sockserv/limits.hpp>
#include <sockserv/log.hpp>
#include <sockserv/time.hpp>

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sockserv::config {


/// An option of a plugin or policy as written, before its declaration validates it.
/// Exactly one shape: a scalar (is_scalar), a list of scalars (is_sequence), or neither
/// (a map or a nested list, which no option type accepts).
struct RawOption {
  std::string key_path;             ///< e.g. "servers.web.handler.root"
  Location where;                   ///< of the value
  Location key_where;               ///< of the key (unknown options are reported here)
  bool is_sequence = false;         ///< a YAML sequence of scalars
  bool is_scalar = true;            ///< a single scalar
  std::string scalar;               ///< the scalar's text when is_scalar
  std::vector<std::string> items;   ///< the items when is_sequence
  std::vector<Location> item_locations;
};

/// `handler:` or `policy:` of a server: which component and its options.
struct ComponentConfig {
  std::string name;                 ///< plugin name or policy type ("" if given by path)
  std::filesystem::path path;       ///< explicit library path (`path:`), resolved, or empty
  std::string key_path;             ///< e.g. "servers.web.handler"
  Location where;                   ///< of the name (or path) value
  std::map<std::string, RawOption> options;  ///< every other key
};

/// One endpoint of a server's `listen:`, and where it was written.
struct Listen {
  Endpoint endpoint;
  Location where;                   ///< of the endpoint's text (the list item, in a list)
};

/// One entry under `servers:`.
struct ServerConfig {
  std::string name;
  Location where;                   ///< of the server's key
  std::vector<Listen> listen;       ///< one endpoint, or several from a list; in file order
  ComponentConfig policy;           ///< name "serial" when absent
  ComponentConfig handler;
  int processes = 1;
  Duration shutdown_timeout = std::chrono::seconds(10);
  Limits limits;                    ///< `limits:`; defaults: no limits
  AccessList access;                ///< `allow:` and `deny:`; default: everyone
};

/// `log: {format}`: how each log line is written.
enum class LogFormat {
  text,  ///< "2024-05-01 12:00:00.123 info  [web] message"
  json,  ///< one JSON object per line
};

/// `log:`.
struct LogConfig {
  LogLevel level = LogLevel::info;
  LogFormat format = LogFormat::text;
};

/// The whole file.
struct Config {
  std::filesystem::path file;                    ///< as given
  std::filesystem::path base_dir;                ///< the file's folder; relative paths resolve here
  std::vector<std::filesystem::path> plugin_path;  ///< resolved against base_dir
  Location plugin_path_where;
  LogConfig log;
  RunAsConfig run_as;                            ///< `user:`, `group:`, `allow_root:`
  std::filesystem::path control;                 ///< `control:`, resolved; empty: no control socket
  Location control_where;                        ///< of its value; line 0 when not written
  Duration shutdown_timeout = std::chrono::seconds(10);  ///< default for every server
  std::vector<ServerConfig> servers;             ///< in file order
};

/// The endpoints of `server`, without their locations (what a reload compares).
std::vector<Endpoint> endpoints(const ServerConfig& server);

/// "tcp://127.0.0.1:7070, udp://127.0.0.1:7070": the endpoints, as they read in logs.
std::string endpoints_text(const ServerConfig& server);

}  // namespace sockserv::config
