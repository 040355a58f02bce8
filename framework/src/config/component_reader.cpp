#include "config/component_reader.hpp"

#include "config/resolve_path.hpp"

namespace sockserv::config {
namespace {

constexpr std::string_view handler_example = "a map like {plugin: echo} or {path: lib/echo.so}";
constexpr std::string_view policy_example =
    "a policy name like threading, or a map like {type: threading, max_threads: 8}";

const Location& later(const Location& a, const Location& b) {
  return (a.line < b.line || (a.line == b.line && a.column < b.column)) ? b : a;
}

/// A non-empty scalar naming a component; otherwise reports "expected <what>".
std::optional<std::string> read_name(NodeReader& reader, const Entry& entry,
                                     std::string_view what) {
  auto text = reader.scalar(entry, what);
  if (text && text->empty()) {
    reader.error(reader.where(entry), entry.path, "expected " + std::string(what) + ", got ''");
    return std::nullopt;
  }
  return text;
}

std::optional<RawOption> read_sequence(NodeReader& reader, const Entry& entry, RawOption raw) {
  raw.is_scalar = false;
  raw.is_sequence = true;
  for (const YAML::Node& item : entry.value) {
    if (item.IsNull()) {
      reader.error(reader.where(entry), entry.path,
                   "item " + std::to_string(raw.items.size() + 1) + " of the list is empty");
      return std::nullopt;
    }
    if (!item.IsScalar()) raw.is_sequence = false;  // nested: the option checker reports it
    raw.items.push_back(item.IsScalar() ? item.Scalar() : "");
    raw.item_locations.push_back(reader.where(item));
  }
  return raw;
}

void add_option(NodeReader& reader, const Entry& entry, ComponentConfig& component) {
  if (auto raw = read_raw_option(reader, entry)) component.options.emplace(entry.key, *raw);
}

}  // namespace

std::optional<RawOption> read_raw_option(NodeReader& reader, const Entry& entry) {
  RawOption raw;
  raw.key_path = entry.path;
  raw.key_where = entry.key_where;
  raw.where = reader.where(entry);
  if (entry.value.IsNull()) {
    reader.error(raw.where, entry.path,
                 "has no value; give one, or remove the key to take the option's default");
    return std::nullopt;
  }
  if (entry.value.IsScalar()) {
    raw.scalar = entry.value.Scalar();
    return raw;
  }
  if (entry.value.IsSequence()) return read_sequence(reader, entry, std::move(raw));
  raw.is_scalar = false;  // a map: the option checker says what was expected instead
  return raw;
}

ComponentConfig read_handler(NodeReader& reader, const Entry& entry,
                             const std::filesystem::path& base_dir) {
  ComponentConfig handler;
  handler.key_path = entry.path;
  handler.where = reader.where(entry);
  if (!reader.expect_map(entry, handler_example)) return handler;
  std::optional<Entry> plugin, path;
  for (Entry& e : reader.entries(entry.value, entry.path)) {
    if (e.key == "plugin")
      plugin = e;
    else if (e.key == "path")
      path = e;
    else
      add_option(reader, e, handler);
  }
  if (plugin && path) {
    const Location& second = later(plugin->key_where, path->key_where);
    reader.error(second, entry.path,
                 "give either 'plugin' (a name found on plugin_path) or 'path' (a library "
                 "file), not both");
  } else if (plugin) {
    handler.where = reader.where(*plugin);
    handler.name = read_name(reader, *plugin, "a plugin name like echo").value_or("");
  } else if (path) {
    handler.where = reader.where(*path);
    auto file = read_name(reader, *path, "a library file like lib/echo.so");
    if (file) handler.path = resolve_path(base_dir, *file);
  } else {
    reader.error(entry.key_where, entry.path,
                 "missing 'plugin' or 'path': name the handler plugin, as plugin: echo, or "
                 "give its library file, as path: lib/echo.so");
  }
  return handler;
}

ComponentConfig read_policy(NodeReader& reader, const Entry* entry, const std::string& server_path,
                            const Location& server_where) {
  ComponentConfig policy;
  policy.key_path = join_path(server_path, "policy");
  policy.where = server_where;
  if (!entry) {
    policy.name = "serial";
    return policy;
  }
  policy.where = reader.where(*entry);
  if (!entry->value.IsMap()) {
    policy.name = read_name(reader, *entry, policy_example).value_or("");
    return policy;
  }
  std::optional<Entry> type;
  for (Entry& e : reader.entries(entry->value, entry->path)) {
    if (e.key == "type")
      type = e;
    else
      add_option(reader, e, policy);
  }
  if (!type) {
    reader.error(entry->key_where, policy.key_path,
                 "missing 'type': name the policy, as {type: threading}");
    return policy;
  }
  policy.where = reader.where(*type);
  policy.name = read_name(reader, *type, "a policy name like threading").value_or("");
  return policy;
}

}  // namespace sockserv::config
