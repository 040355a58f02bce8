#pragma once
// A mistake in a config file, located and explained.

#include "config/config.hpp"

#include <string>
#include <vector>

namespace sockserv::config {

/// One error: where, which key, what is wrong and what would be right.
struct ConfigError {
  Location where;
  std::string key_path;   ///< "servers.web.policy.type"; empty for file-level errors
  std::string message;    ///< what is wrong, the valid choices, a "did you mean"

  /// "file:line:column: key.path: message" (parts that are unknown are left out).
  std::string to_string() const;
};

/// Errors are collected, not thrown, so one run reports every mistake.
using ConfigErrors = std::vector<ConfigError>;

}  // namespace sockserv::config
