#pragma once
/// @file log.hpp
/// The log a plugin or policy writes to. Lines carry the server's name; the sink and level
/// come from the config's `log:` section.

#include <sockserv/api.hpp>

#include <string_view>

namespace sockserv {

/// Severity of a log line, lowest first.
enum class LogLevel { trace, debug, info, warn, error, critical, off };

/// A log. Thread-safe; usable from any task.
class SOCKSERV_API Logger {
 public:
  virtual ~Logger();
  /// Writes `message` at `level` if that level is enabled.
  virtual void log(LogLevel level, std::string_view message) = 0;
  /// True if lines at `level` are written (to skip building costly messages).
  virtual bool enabled(LogLevel level) const = 0;

  /// Writes at debug level.
  void debug(std::string_view m) { log(LogLevel::debug, m); }
  /// Writes at info level.
  void info(std::string_view m) { log(LogLevel::info, m); }
  /// Writes at warn level.
  void warn(std::string_view m) { log(LogLevel::warn, m); }
  /// Writes at error level.
  void error(std::string_view m) { log(LogLevel::error, m); }

  /// Writes an access-log line (one request served: who asked what, and the outcome) at
  /// info level, marked as such where the format can say so (`log: {format: json}` adds
  /// "kind":"access"). Enabled when enabled(LogLevel::info) is. The default calls log().
  virtual void access(std::string_view line);
};

}  // namespace sockserv
