#pragma once
// The Logger every server and plugin writes to, backed by spdlog.

#include <sockserv/log.hpp>

#include <memory>
#include <string>

namespace sockserv::core {

/// A log whose lines are tagged with `name` (a server's name, or a component's).
std::shared_ptr<Logger> make_logger(const std::string& name);

/// The log of one process of `server`: lines tagged `label` ("web", or "web#2" among
/// several processes); JSON lines also name the server's `plugin`.
std::shared_ptr<Logger> make_server_logger(const std::string& server, const std::string& label,
                                           const std::string& plugin);

/// Sets the level of every log, existing and future.
void set_log_level(LogLevel level);

/// Writes every log line, from now on, as one JSON object (`log: {format: json}`) or as
/// text (the default).
void set_log_json(bool json);

/// The log of the process itself (the launcher's lines).
Logger& process_log();

}  // namespace sockserv::core
