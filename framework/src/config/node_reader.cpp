#include "config/node_reader.hpp"

#include "config/did_you_mean.hpp"
#include "config/units.hpp"

#include <algorithm>

namespace sockserv::config {

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    default:
      return "nothing";
  }
}

NodeReader::NodeReader(std::string file, ConfigErrors& errors)
    : file_(std::move(file)), errors_(errors) {}

Location NodeReader::where(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

Location NodeReader::where(const Entry& entry) const {
  return entry.value.IsNull() ? entry.key_where : where(entry.value);
}

void NodeReader::error(Location where, std::string key_path, std::string message) {
  errors_.push_back({std::move(where), std::move(key_path), std::move(message)});
}

std::vector<Entry> NodeReader::entries(const YAML::Node& map, const std::string& path,
                                       std::string_view noun) {
  std::vector<Entry> out;
  std::map<std::string, Location> seen;
  // Range-for binds each pair by value: `it->first` would point into a dead proxy.
  for (const auto& pair : map) {
    const YAML::Node& key = pair.first;
    if (!key.IsScalar()) {
      error(where(key), path, "expected a key name, got " + describe(key));
      continue;
    }
    Entry entry{key.Scalar(), join_path(path, key.Scalar()), where(key), pair.second};
    // yaml-cpp keeps both copies of a repeated key; a lookup would silently take one.
    auto [first, inserted] = seen.emplace(entry.key, entry.key_where);
    if (!inserted) {
      error(entry.key_where, entry.path,
            "duplicate " + std::string(noun) + " '" + entry.key +
                "'; it is first defined at line " + std::to_string(first->second.line) +
                ", column " + std::to_string(first->second.column));
      continue;
    }
    out.push_back(std::move(entry));
  }
  return out;
}

std::map<std::string, Entry> NodeReader::known_entries(const YAML::Node& map,
                                                       const std::string& path,
                                                       const std::vector<std::string>& allowed) {
  std::map<std::string, Entry> out;
  for (Entry& entry : entries(map, path)) {
    if (std::find(allowed.begin(), allowed.end(), entry.key) == allowed.end()) {
      error(entry.key_where, entry.path,
            "unknown key '" + entry.key + "'" + did_you_mean(entry.key, allowed) +
                " (valid keys: " + join_choices(allowed) + ")");
      continue;
    }
    std::string key = entry.key;
    out.emplace(std::move(key), std::move(entry));
  }
  return out;
}

bool NodeReader::expect_map(const Entry& entry, std::string_view what) {
  if (entry.value.IsMap()) return true;
  error(where(entry), entry.path,
        "expected " + std::string(what) + ", got " + describe(entry.value));
  return false;
}

std::optional<std::string> NodeReader::scalar(const Entry& entry, std::string_view what) {
  if (entry.value.IsScalar()) return entry.value.Scalar();
  error(where(entry), entry.path,
        "expected " + std::string(what) + ", got " + describe(entry.value));
  return std::nullopt;
}

std::optional<Duration> NodeReader::duration(const Entry& entry) {
  constexpr std::string_view what = "a duration like 30s or 250ms (units: ms, s, m, h)";
  auto text = scalar(entry, what);
  if (!text) return std::nullopt;
  auto value = parse_duration(*text);
  if (!value)
    error(where(entry), entry.path, "expected " + std::string(what) + ", got '" + *text + "'");
  return value;
}

}  // namespace sockserv::config
