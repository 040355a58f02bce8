#pragma once
// A small writer of one-line JSON, for the control socket's replies. Strings go through
// the JSON log format's escaping (core::append_json_string), so every reply parses.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv::launcher {

/// Appends JSON to a string: objects and arrays nest, commas are placed for the caller.
/// Inside an object, call key() before each value; inside an array, values only.
class JsonWriter {
 public:
  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// The next member's name (inside an object).
  JsonWriter& key(std::string_view name);
  JsonWriter& value(std::string_view text);
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(std::uint64_t number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(std::int64_t(number)); }
  JsonWriter& value(double number);
  JsonWriter& value(bool flag);
  /// An array of strings.
  JsonWriter& strings(const std::vector<std::string>& items);
  /// The text written so far.
  const std::string& text() const { return out_; }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> empty_;  ///< per open object or array: nothing in it yet
  bool after_key_ = false;
};

}  // namespace sockserv::launcher
