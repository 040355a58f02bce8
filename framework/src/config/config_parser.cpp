#include "config/config_parser.hpp"

#include "config/control_reader.hpp"
#include "config/did_you_mean.hpp"
#include "config/listen_reader.hpp"
#include "config/node_reader.hpp"
#include "config/resolve_path.hpp"
#include "config/run_as_reader.hpp"
#include "config/server_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace sockserv::config {
namespace {

const std::vector<std::string> top_keys{"plugin_path", "log",        "shutdown_timeout",
                                        "servers",     "user",       "group",
                                        "allow_root",  "control"};
const std::vector<std::string> log_levels{"trace", "debug",    "info", "warn",
                                          "error", "critical", "off"};
const std::vector<std::string> log_formats{"text", "json"};
constexpr std::string_view servers_example =
    "servers: {web: {listen: tcp://127.0.0.1:8080, handler: {plugin: echo}}}";

/// The single document of `yaml`, or nullopt after reporting why there is none.
std::optional<YAML::Node> load_root(NodeReader& reader, std::string_view yaml) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    reader.error({reader.file(), e.mark.line + 1, e.mark.column + 1}, "",
                 "YAML syntax error: " + e.msg);
    return std::nullopt;
  }
  if (docs.empty()) {
    reader.error({reader.file(), 0, 0}, "",
                 "the file is empty; expected at least " + std::string(servers_example));
    return std::nullopt;
  }
  if (docs.size() > 1)
    reader.error(reader.where(docs[1]), "",
                 "a second YAML document (after '---'); a config file holds one");
  if (!docs[0].IsMap()) {
    reader.error(reader.where(docs[0]), "",
                 "expected a map of settings (" + join_choices(top_keys) + ") at the top, got " +
                     describe(docs[0]));
    return std::nullopt;
  }
  return docs[0];
}

void read_plugin_path(NodeReader& reader, const Entry& entry, Config& config) {
  constexpr std::string_view what = "a folder or a list of folders like [build/plugins]";
  config.plugin_path_where = reader.where(entry);
  std::vector<YAML::Node> items;
  if (entry.value.IsSequence())
    for (const YAML::Node& item : entry.value) items.push_back(item);
  else
    items.push_back(entry.value);
  for (const YAML::Node& item : items) {
    if (item.IsScalar() && !item.Scalar().empty()) {
      config.plugin_path.push_back(resolve_path(config.base_dir, item.Scalar()));
      continue;
    }
    Location at = item.IsNull() ? reader.where(entry) : reader.where(item);
    reader.error(at, entry.path, "expected " + std::string(what) + ", got " + describe(item));
  }
}

/// The value's index in `choices`, or nullopt after reporting it with the choices: "unknown
/// log level 'x' ... (valid levels: ...)" for noun "log level", kind "levels".
std::optional<std::size_t> read_choice(NodeReader& reader, const Entry& entry,
                                       const std::vector<std::string>& choices,
                                       const std::string& noun, const std::string& kind) {
  auto text = reader.scalar(entry, noun + " (" + join_choices(choices) + ")");
  if (!text) return std::nullopt;
  auto it = std::find(choices.begin(), choices.end(), *text);
  if (it != choices.end()) return std::size_t(it - choices.begin());
  reader.error(reader.where(entry), entry.path,
               "unknown " + noun + " '" + *text + "'" + did_you_mean(*text, choices) + " (valid " +
                   kind + ": " + join_choices(choices) + ")");
  return std::nullopt;
}

void read_log(NodeReader& reader, const Entry& entry, LogConfig& log) {
  if (!reader.expect_map(entry, "a map like {level: info, format: text}")) return;
  auto keys = reader.known_entries(entry.value, entry.path, {"level", "format"});
  if (auto it = keys.find("level"); it != keys.end())
    if (auto i = read_choice(reader, it->second, log_levels, "log level", "levels"))
      log.level = static_cast<LogLevel>(*i);
  if (auto it = keys.find("format"); it != keys.end())
    if (auto i = read_choice(reader, it->second, log_formats, "log format", "formats"))
      log.format = static_cast<LogFormat>(*i);
}

void read_servers(NodeReader& reader, const Entry& entry, Config& config) {
  if (entry.value.IsNull() || (entry.value.IsMap() && entry.value.size() == 0)) {
    reader.error(reader.where(entry), entry.path,
                 "no servers defined; define at least one, as " + std::string(servers_example));
    return;
  }
  if (!reader.expect_map(entry, "a map of servers by name, as " + std::string(servers_example)))
    return;
  std::vector<ServerEntry> servers;
  for (const Entry& server : reader.entries(entry.value, entry.path, "server name"))
    servers.push_back(read_server(reader, server, config.base_dir, config.shutdown_timeout));
  std::vector<const ServerConfig*> listening;
  for (const ServerEntry& server : servers)
    if (server.listen_ok) listening.push_back(&server.config);
  check_duplicate_endpoints(reader, listening);
  for (ServerEntry& server : servers) config.servers.push_back(std::move(server.config));
}

std::filesystem::path folder_of(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(file, ec);
  return (ec ? file : absolute).parent_path().lexically_normal();
}

Config read_config(NodeReader& reader, const YAML::Node& root, const std::filesystem::path& file) {
  Config config;
  config.file = file;
  config.base_dir = folder_of(file);
  auto keys = reader.known_entries(root, "", top_keys);
  // Read in this order, whatever the file's: servers need the default shutdown_timeout.
  if (auto it = keys.find("plugin_path"); it != keys.end())
    read_plugin_path(reader, it->second, config);
  if (auto it = keys.find("log"); it != keys.end()) read_log(reader, it->second, config.log);
  read_run_as(reader, keys, config.run_as);
  if (auto it = keys.find("shutdown_timeout"); it != keys.end())
    config.shutdown_timeout = reader.duration(it->second).value_or(config.shutdown_timeout);
  if (auto it = keys.find("control"); it != keys.end())
    read_control(reader, it->second, config);
  if (auto it = keys.find("servers"); it != keys.end()) {
    read_servers(reader, it->second, config);
    check_control_clash(reader, config);
  } else {
    reader.error(reader.where(root), "servers",
                 "missing required key 'servers', as " + std::string(servers_example));
  }
  return config;
}

/// File order, so the report reads top to bottom; file-level errors (line 0) first.
void sort_by_location(ConfigErrors& errors) {
  std::stable_sort(errors.begin(), errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::pair(a.where.line, a.where.column) < std::pair(b.where.line, b.where.column);
  });
}

}  // namespace

ParseResult parse_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  int open_errno = errno;
  std::error_code ec;
  std::string why;
  if (std::filesystem::is_directory(file, ec))
    why = "it is a folder, not a file";
  else if (!in)
    why = std::strerror(open_errno);
  std::string text;
  if (why.empty()) {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) why = std::strerror(errno);
  }
  if (!why.empty()) {
    ParseResult result;
    result.errors.push_back({{file.string(), 0, 0}, "", "cannot read the config file: " + why});
    return result;
  }
  return parse_string(text, file);
}

ParseResult parse_string(std::string_view yaml, const std::filesystem::path& file) {
  ParseResult result;
  NodeReader reader(file.string(), result.errors);
  if (auto root = load_root(reader, yaml)) {
    Config config = read_config(reader, *root, file);
    if (result.errors.empty()) result.config = std::move(config);
  }
  sort_by_location(result.errors);
  return result;
}

}  // namespace sockserv::config
