#pragma once
// `log: {format: json}`: one JSON object per line. Pure functions, unit-tested apart from
// the sink that writes them.

#include <sockserv/log.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace sockserv::core {

/// What a log line says, before it is formatted.
struct LogEvent {
  std::chrono::system_clock::time_point time;
  LogLevel level = LogLevel::info;
  std::string_view server;  ///< the server's name; empty for the supervisor's own lines
  std::string_view worker;  ///< "web#2" among several processes of a server, else empty
  std::string_view plugin;  ///< the server's plugin, empty where unknown
  long pid = 0;
  bool access = false;      ///< an access-log line (Logger::access)
  std::string_view message;
};

/// Appends `text` as a JSON string: quoted; `"`, `\` and control characters escaped; bytes
/// that are not valid UTF-8 replaced by U+FFFD, so the line always parses.
void append_json_string(std::string& out, std::string_view text);

/// "2024-05-01T12:00:00.123Z": RFC 3339 in UTC, with milliseconds.
std::string rfc3339_ms(std::chrono::system_clock::time_point time);

/// The event as one JSON object, without a newline:
/// {"time":...,"level":"info","server":"web","plugin":"http","pid":7,"message":"..."},
/// "server" replaced by "process":"supervisor" for the supervisor's lines, "worker" when
/// set, "kind":"access" for access lines.
std::string json_log_line(const LogEvent& event);

}  // namespace sockserv::core
