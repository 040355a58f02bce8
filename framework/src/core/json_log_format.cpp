#include "core/json_log_format.hpp"

#include <array>
#include <cstdint>
#include <ctime>

namespace sockserv::core {
namespace {

constexpr std::array<const char*, 7> level_names{"trace", "debug",    "info", "warn",
                                                 "error", "critical", "off"};

/// Length of the valid UTF-8 sequence at the start of `s`, 0 if it is not one (overlong
/// forms, surrogates and code points past U+10FFFF are invalid too).
std::size_t utf8_length(std::string_view s) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = byte(0);
  std::size_t n = c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i)
    if ((byte(i) & 0xC0) != 0x80) return 0;
  if (n == 3 && c == 0xE0 && byte(1) < 0xA0) return 0;   // overlong
  if (n == 3 && c == 0xED && byte(1) >= 0xA0) return 0;  // UTF-16 surrogate
  if (n == 4 && c == 0xF0 && byte(1) < 0x90) return 0;   // overlong
  if (n == 4 && c == 0xF4 && byte(1) >= 0x90) return 0;  // past U+10FFFF
  return n;
}

void append_escaped_control(std::string& out, unsigned char c) {
  switch (c) {
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: {
      constexpr const char* hex = "0123456789abcdef";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    }
  }
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c < 0x20) {
      append_escaped_control(out, c);
    } else if (c < 0x80) {
      out += char(c);
    } else if (std::size_t n = utf8_length(text.substr(i)); n > 0) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD for one byte that starts no valid sequence
    }
    ++i;
  }
  out += '"';
}

std::string rfc3339_ms(std::chrono::system_clock::time_point time) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  if (ms % 1000 < 0) --seconds;  // before 1970: floor, so the milliseconds stay positive
  std::tm utc{};
  ::gmtime_r(&seconds, &utc);
  char text[40];
  std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", int(((ms % 1000) + 1000) % 1000));
  return text;
}

std::string json_log_line(const LogEvent& e) {
  std::string out = "{\"time\":\"" + rfc3339_ms(e.time) + "\",\"level\":\"";
  out += level_names[static_cast<std::size_t>(e.level)];
  out += '"';
  if (e.server.empty())
    out += ",\"process\":\"supervisor\"";
  else
    append_field(out, "server", e.server);
  if (!e.worker.empty()) append_field(out, "worker", e.worker);
  if (!e.plugin.empty()) append_field(out, "plugin", e.plugin);
  out += ",\"pid\":" + std::to_string(e.pid);
  if (e.access) out += ",\"kind\":\"access\"";
  append_field(out, "message", e.message);
  out += '}';
  return out;
}

}  // namespace sockserv::core
