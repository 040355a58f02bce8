#pragma once
// Reading typed values out of YAML nodes, recording a located error for each mistake.
// Private to the config parser: nothing outside framework/src/config sees a YAML node.

#include "config/config.hpp"
#include "config/config_error.hpp"

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv::config {

/// One `key: value` of a YAML map.
struct Entry {
  std::string key;
  std::string path;  ///< dotted key path of the value, e.g. "servers.web.listen"
  Location key_where;
  YAML::Node value;
};

/// "parent.key", or "key" at the top level.
std::string join_path(const std::string& parent, const std::string& key);

/// How a node reads in "got ..." messages: 'text', a list, a map, nothing.
std::string describe(const YAML::Node& node);

/// Reads nodes of one file; every problem becomes a ConfigError, so callers carry on and
/// the run reports all mistakes.
class NodeReader {
 public:
  /// `file` names the file in every error.
  NodeReader(std::string file, ConfigErrors& errors);

  /// The file name errors carry.
  const std::string& file() const noexcept { return file_; }

  /// The node's 1-based position; line 0 when yaml-cpp does not know it.
  Location where(const YAML::Node& node) const;
  /// The value's position, or its key's when the value is empty (yaml-cpp marks an empty
  /// value at the next token, which may be lines further down).
  Location where(const Entry& entry) const;

  /// Records an error.
  void error(Location where, std::string key_path, std::string message);

  /// The entries of `map` in file order. Keys that are not scalars and repeated keys are
  /// reported (`noun` names a key in that message: "key", "server name") and left out.
  std::vector<Entry> entries(const YAML::Node& map, const std::string& path,
                             std::string_view noun = "key");
  /// The entries of `map` whose keys are in `allowed`, by key; any other key is reported
  /// as unknown, with a did-you-mean and the valid keys.
  std::map<std::string, Entry> known_entries(const YAML::Node& map, const std::string& path,
                                             const std::vector<std::string>& allowed);

  /// True if the value is a map; otherwise reports "expected <what>, got ...".
  bool expect_map(const Entry& entry, std::string_view what);
  /// The value's text if it is a scalar; otherwise reports "expected <what>, got ...".
  std::optional<std::string> scalar(const Entry& entry, std::string_view what);
  /// A duration ("30s", "250ms"); otherwise reports what a duration looks like.
  std::optional<Duration> duration(const Entry& entry);

 private:
  std::string file_;
  ConfigErrors& errors_;
};

}  // namespace sockserv::config
