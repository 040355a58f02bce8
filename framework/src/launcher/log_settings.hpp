#pragma once
// Applying the config's `log:` to every log of this process.

#include "config/config.hpp"
#include "core/spdlog_logger.hpp"

namespace sockserv::launcher {

/// Sets the level and format of every log, existing and future.
inline void apply_log_settings(const config::LogConfig& log) {
  core::set_log_level(log.level);
  core::set_log_json(log.format == config::LogFormat::json);
}

}  // namespace sockserv::launcher
