#pragma once
// Helpers for the config parser tests: inline YAML, and checks on located errors.

#include "config/config_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace sockserv::config::testing {

/// Where inline test configs claim to live; relative paths resolve against its folder.
inline const std::filesystem::path test_file = "/etc/sockserv/test.yaml";

/// The smallest valid `servers:`, for tests of the top-level keys.
inline constexpr const char* one_server =
    "servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}\n";

/// Parses `yaml`, dropping one leading newline so that line 1 is the line after R"(.
inline ParseResult parse(std::string_view yaml) {
  if (yaml.starts_with('\n')) yaml.remove_prefix(1);
  return parse_string(yaml, test_file);
}

/// Every error, one per line, for failure messages.
inline std::string dump(const ConfigErrors& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += "  " + e.to_string() + "\n";
  return out;
}

/// The error reported for `key_path`, or a failure listing what was reported instead.
inline ConfigError error_at(const ParseResult& result, const std::string& key_path) {
  for (const ConfigError& e : result.errors)
    if (e.key_path == key_path) return e;
  ADD_FAILURE() << "no error for '" << key_path << "'; got:\n" << dump(result.errors);
  return {};
}

/// Checks one error's line, column, key path and that its message holds every word.
inline void expect_error(const ConfigError& e, int line, int column, const std::string& key_path,
                         const std::vector<std::string>& words) {
  SCOPED_TRACE(e.to_string());
  EXPECT_EQ(e.where.file, test_file.string());
  EXPECT_EQ(e.where.line, line);
  EXPECT_EQ(e.where.column, column);
  EXPECT_EQ(e.key_path, key_path);
  for (const std::string& word : words)
    EXPECT_NE(e.message.find(word), std::string::npos) << "missing '" << word << "'";
}

/// Checks that `yaml` fails with exactly one error, as described.
inline void expect_only_error(std::string_view yaml, int line, int column,
                              const std::string& key_path, const std::vector<std::string>& words) {
  ParseResult result = parse(yaml);
  EXPECT_FALSE(result.config.has_value());
  ASSERT_EQ(result.errors.size(), 1u) << dump(result.errors);
  expect_error(result.errors[0], line, column, key_path, words);
}

}  // namespace sockserv::config::testing
