#pragma once
// The one line of JSON a load run prints: flat keys, numbers and strings, in the order
// they were added, so a script reads it with any JSON parser.

#include "histogram.hpp"

#include <cstdint>
#include <string>

namespace bench {

/// A flat JSON object built up field by field.
class Report {
 public:
  /// Starts with "tool": `tool`.
  explicit Report(const std::string& tool);
  Report& add(const std::string& key, const std::string& value);
  Report& add(const std::string& key, double value);
  Report& add(const std::string& key, std::uint64_t value);
  /// Adds p50_us, p99_us and max_us from `latency` (nanoseconds).
  Report& add_latency(const Histogram& latency);
  /// Adds cpu_s: this process's user + system CPU time so far.
  Report& add_own_cpu();
  /// The object, without a newline.
  std::string str() const { return text_ + "}"; }

 private:
  void key(const std::string& key);
  std::string text_;
};

}  // namespace bench
