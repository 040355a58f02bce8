#include "core/spdlog_logger.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>

namespace sockserv::core {
namespace {

std::atomic<LogLevel> current_level{LogLevel::info};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  return static_cast<spdlog::level::level_enum>(static_cast<int>(level));
}

/// One stderr sink for every log, so lines from many servers never interleave mid-line.
std::shared_ptr<spdlog::sinks::sink> shared_sink() {
  static auto sink = [] {
    auto s = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    s->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l [%n] %v");
    return s;
  }();
  return sink;
}

class SpdLogger final : public Logger {
 public:
  explicit SpdLogger(const std::string& name)
      : logger_(std::make_shared<spdlog::logger>(name, shared_sink())) {
    logger_->set_level(spdlog::level::trace);  // filtered by current_level instead
  }

  void log(LogLevel level, std::string_view message) override {
    if (enabled(level)) logger_->log(to_spdlog(level), "{}", message);
  }
  bool enabled(LogLevel level) const override {
    return level != LogLevel::off && level >= current_level.load(std::memory_order_relaxed);
  }

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace

static_assert(int(LogLevel::trace) == spdlog::level::trace &&
              int(LogLevel::critical) == spdlog::level::critical &&
              int(LogLevel::off) == spdlog::level::off);

std::shared_ptr<Logger> make_logger(const std::string& name) {
  return std::make_shared<SpdLogger>(name);
}

void set_log_level(LogLevel level) { current_level.store(level); }

Logger& process_log() {
  static SpdLogger log("sockserv");
  return log;
}

}  // namespace sockserv::core
