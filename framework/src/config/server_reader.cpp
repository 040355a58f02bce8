#include "config/server_reader.hpp"

#include "config/component_reader.hpp"
#include "config/did_you_mean.hpp"
#include "config/limits_reader.hpp"
#include "config/listen_reader.hpp"
#include "config/units.hpp"

#include <sockserv/endpoint.hpp>

namespace sockserv::config {
namespace {

bool valid_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-';
    if (!ok) return false;
  }
  return true;
}

/// The most worker processes one server may have: a typo like 80000 is refused before it
/// forks the machine to a halt.
constexpr long long max_processes = 1024;

void read_processes(NodeReader& reader, const Entry& entry, ServerConfig& server) {
  constexpr std::string_view what = "a whole number of processes, 1 to 1024";
  auto text = reader.scalar(entry, what);
  if (!text) return;
  auto n = parse_integer(*text);
  if (!n) {
    reader.error(reader.where(entry), entry.path,
                 "expected " + std::string(what) + ", got '" + *text + "'");
  } else if (*n < 1) {
    reader.error(reader.where(entry), entry.path, "must be at least 1, got " + *text);
  } else if (*n > max_processes) {
    reader.error(reader.where(entry), entry.path,
                 "must be at most " + std::to_string(max_processes) + ", got " + *text);
  } else {
    server.processes = int(*n);
  }
}

void missing(NodeReader& reader, const Entry& server, const std::string& key,
             const std::string& example) {
  reader.error(server.key_where, join_path(server.path, key),
               "missing required key '" + key + "', as " + example);
}

}  // namespace

const std::vector<std::string>& server_keys() {
  static const std::vector<std::string> keys{"listen",  "policy", "processes", "shutdown_timeout",
                                             "handler", "limits", "allow",     "deny"};
  return keys;
}

ServerEntry read_server(NodeReader& reader, const Entry& entry,
                        const std::filesystem::path& base_dir, Duration shutdown_timeout) {
  ServerEntry out;
  ServerConfig& server = out.config;
  server.name = entry.key;
  server.where = entry.key_where;
  server.shutdown_timeout = shutdown_timeout;
  if (!valid_name(entry.key))
    reader.error(entry.key_where, entry.path,
                 "bad server name '" + entry.key +
                     "': use letters, digits, '_', '.' and '-', as web-1 or api.v2");
  if (!reader.expect_map(entry,
                         "a map of the server's settings (" + join_choices(server_keys()) + ")"))
    return out;
  auto keys = reader.known_entries(entry.value, entry.path, server_keys());
  if (auto it = keys.find("listen"); it != keys.end())
    out.listen_ok = read_listen(reader, it->second, server);
  else
    missing(reader, entry, "listen", "listen: tcp://127.0.0.1:8080 (or a list of endpoints)");
  if (auto it = keys.find("handler"); it != keys.end())
    server.handler = read_handler(reader, it->second, base_dir);
  else
    missing(reader, entry, "handler", "handler: {plugin: echo}");
  auto policy = keys.find("policy");
  server.policy = read_policy(reader, policy == keys.end() ? nullptr : &policy->second, entry.path,
                              entry.key_where);
  if (auto it = keys.find("processes"); it != keys.end())
    read_processes(reader, it->second, server);
  if (auto it = keys.find("shutdown_timeout"); it != keys.end())
    server.shutdown_timeout = reader.duration(it->second).value_or(shutdown_timeout);
  if (auto it = keys.find("limits"); it != keys.end())
    read_limits(reader, it->second, server.limits);
  for (const char* list : {"allow", "deny"})
    if (auto it = keys.find(list); it != keys.end())
      read_access_list(reader, it->second, server.access);
  return out;
}

}  // namespace sockserv::config
