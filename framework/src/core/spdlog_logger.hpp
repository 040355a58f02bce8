#pragma once
// The Logger every server and plugin writes to, backed by spdlog.

#include <sockserv/log.hpp>

#include <memory>
#include <string>

namespace sockserv::core {

/// A log whose lines are tagged with `name` (a server's name, or "sockserv").
std::shared_ptr<Logger> make_logger(const std::string& name);

/// Sets the level of every log, existing and future.
void set_log_level(LogLevel level);

/// The log of the process itself (the launcher's lines).
Logger& process_log();

}  // namespace sockserv::core
