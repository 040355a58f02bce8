#pragma once
// Reads a YAML config into a Config, collecting every error.

#include "config/config.hpp"
#include "config/config_error.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sockserv::config {

/// A parse: the config (present when errors is empty) and every error found.
struct ParseResult {
  std::optional<Config> config;
  ConfigErrors errors;
};

/// Reads and checks the structure of `file`: keys, types, endpoints, sizes, durations,
/// duplicate names and endpoints. Plugins and policies are not looked up here.
ParseResult parse_file(const std::filesystem::path& file);

/// The same for YAML text; `file` names it in errors and its folder is the base for
/// relative paths.
ParseResult parse_string(std::string_view yaml, const std::filesystem::path& file);

}  // namespace sockserv::config
