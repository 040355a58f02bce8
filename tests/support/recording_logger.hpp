#pragma once
// A Logger that keeps every line, so tests assert on what the server reported.

#include <sockserv/log.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace sockserv::test {

/// Records lines at debug level and above; thread-safe.
class RecordingLogger final : public Logger {
 public:
  void log(LogLevel level, std::string_view message) override {
    std::lock_guard lock(mutex_);
    lines_.push_back({level, std::string(message)});
  }
  bool enabled(LogLevel level) const override { return level >= LogLevel::debug; }

  /// How many lines at `level` contain `text`.
  std::size_t count(LogLevel level, const std::string& text) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& line : lines_)
      if (line.level == level && line.text.find(text) != std::string::npos) ++n;
    return n;
  }
  /// Every line, for failure messages.
  std::string dump() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& line : lines_) out += "  [" + std::to_string(int(line.level)) + "] " + line.text + "\n";
    return out;
  }

 private:
  struct Line {
    LogLevel level;
    std::string text;
  };
  mutable std::mutex mutex_;
  std::vector<Line> lines_;
};

}  // namespace sockserv::test
