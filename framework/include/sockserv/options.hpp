#pragma once
/// @file options.hpp
/// Options a plugin or policy declares, and the typed values it is given.
///
/// A plugin declares each option (name, type, default, range or choices, help); the
/// launcher checks the config against the declarations and reports every mistake with its
/// file, line and column, so a plugin only ever sees valid, typed values.

#include <sockserv/api.hpp>
#include <sockserv/error.hpp>
#include <sockserv/time.hpp>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace sockserv {

/// The type of an option, and how its YAML is read.
enum class OptionType {
  boolean,      ///< true / false
  integer,      ///< a whole number
  size,         ///< bytes: 512, 64KiB, 4MiB, 1GiB (also KB/MB/GB as powers of 1000)
  duration,     ///< 250ms, 30s, 5m, 1h (a bare number is seconds)
  string,       ///< any text
  path,         ///< a file or folder; relative paths resolve against the config's folder
  string_list,  ///< a YAML sequence of strings
};

/// The YAML name of an option type: "bool", "integer", "size", "duration", "string",
/// "path", "list of strings".
SOCKSERV_API const char* to_string(OptionType type) noexcept;

/// One declared option. Default, min and max are written as in YAML ("64KiB", "30s").
struct OptionSpec {
  std::string name;                  ///< the key under `handler:` or `policy:`
  OptionType type;                   ///< how the value is read
  std::string default_value;         ///< used when absent; empty with `required`
  std::string help;                  ///< one line for `sockserv plugins`
  std::string min{};                 ///< integer/size/duration: smallest allowed, or empty
  std::string max{};                 ///< integer/size/duration: largest allowed, or empty
  std::vector<std::string> choices{};  ///< string: the allowed values, or empty for any
  bool required = false;             ///< true: the config must give it
};

/// A typed option value.
using OptionValue = std::variant<bool, std::int64_t, std::uint64_t, Duration, std::string,
                                 std::filesystem::path, std::vector<std::string>>;

/// The options given to one plugin or policy instance, checked against its specs. The
/// getters throw Error if the name was not declared with that type (a plugin bug).
class SOCKSERV_API Options {
 public:
  /// Sets `name` (used by the launcher and by code embedding a server).
  void set(const std::string& name, OptionValue value);
  /// True if `name` has a value.
  bool has(const std::string& name) const;

  /// A boolean option.
  bool get_bool(const std::string& name) const;
  /// An integer option.
  std::int64_t get_int(const std::string& name) const;
  /// A size option, in bytes.
  std::uint64_t get_size(const std::string& name) const;
  /// A duration option.
  Duration get_duration(const std::string& name) const;
  /// A string option.
  const std::string& get_string(const std::string& name) const;
  /// A path option, already resolved against the config's folder.
  const std::filesystem::path& get_path(const std::string& name) const;
  /// A list-of-strings option.
  const std::vector<std::string>& get_list(const std::string& name) const;

  /// Every value, by name.
  const std::map<std::string, OptionValue>& values() const noexcept { return values_; }

 private:
  template <class T>
  const T& get(const std::string& name, OptionType type) const;

  std::map<std::string, OptionValue> values_;
};

}  // namespace sockserv
