// `log: {format: json}`: strings escaped so that every line parses, whatever a message
// holds, and the fields of a line.
#include "core/json_log_format.hpp"

#include <gtest/gtest.h>

namespace sockserv::core {
namespace {

std::string quoted(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

TEST(JsonLogFormat, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(quoted("plain"), "\"plain\"");
  EXPECT_EQ(quoted("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(quoted("C:\\dir\\"), "\"C:\\\\dir\\\\\"");
  EXPECT_EQ(quoted("a\nb\rc\td\be\ff"), "\"a\\nb\\rc\\td\\be\\ff\"");
  EXPECT_EQ(quoted(std::string_view("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(quoted("\x7f/"), "\"\x7f/\"") << "DEL and / need no escape";
}

TEST(JsonLogFormat, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(quoted("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(quoted("a\xFF" "b"), "\"a" + fffd + "b\"");
  EXPECT_EQ(quoted("\xC3"), "\"" + fffd + "\"") << "a sequence cut short";
  EXPECT_EQ(quoted("\xC0\xAF"), "\"" + fffd + fffd + "\"") << "an overlong '/'";
  EXPECT_EQ(quoted("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"") << "a UTF-16 surrogate";
  EXPECT_EQ(quoted("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"")
      << "past U+10FFFF";
}

TEST(JsonLogFormat, TimeIsRfc3339InUtcWithMilliseconds) {
  using namespace std::chrono;
  EXPECT_EQ(rfc3339_ms(system_clock::time_point(milliseconds(1700000000123))),
            "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(rfc3339_ms(system_clock::time_point(milliseconds(5))), "1970-01-01T00:00:00.005Z");
}

TEST(JsonLogFormat, AServerLineNamesServerWorkerPluginAndKind) {
  LogEvent e{std::chrono::system_clock::time_point(std::chrono::milliseconds(1700000000123)),
             LogLevel::info, "web", "web#2", "http", 4321, true, "127.0.0.1 \"GET /\" 200"};
  EXPECT_EQ(json_log_line(e),
            "{\"time\":\"2023-11-14T22:13:20.123Z\",\"level\":\"info\",\"server\":\"web\","
            "\"worker\":\"web#2\",\"plugin\":\"http\",\"pid\":4321,\"kind\":\"access\","
            "\"message\":\"127.0.0.1 \\\"GET /\\\" 200\"}");
}

TEST(JsonLogFormat, TheSupervisorsLineSaysSo) {
  LogEvent e{std::chrono::system_clock::time_point(std::chrono::milliseconds(0)),
             LogLevel::warn, "", "", "", 1, false, "stopping"};
  EXPECT_EQ(json_log_line(e),
            "{\"time\":\"1970-01-01T00:00:00.000Z\",\"level\":\"warn\",\"process\":\"supervisor\","
            "\"pid\":1,\"message\":\"stopping\"}");
}

}  // namespace
}  // namespace sockserv::core
