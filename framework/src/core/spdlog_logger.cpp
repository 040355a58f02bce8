#include "core/spdlog_logger.hpp"

#include "core/json_log_format.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <atomic>

namespace sockserv::core {
namespace {

constexpr const char* text_pattern = "%Y-%m-%d %H:%M:%S.%e %-5l [%n] %v";

std::atomic<LogLevel> current_level{LogLevel::info};
std::atomic<bool> json_lines{false};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  return static_cast<spdlog::level::level_enum>(static_cast<int>(level));
}

/// One stderr sink for every log, so lines from many servers never interleave mid-line.
std::shared_ptr<spdlog::sinks::sink> shared_sink() {
  static auto sink = [] {
    auto s = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    s->set_pattern(text_pattern);
    return s;
  }();
  return sink;
}

/// `message` on one line: a line break inside a message would start what reads as another
/// event, so it is written as \n (JSON lines escape it anyway).
std::string_view one_line(std::string_view message, std::string& scratch) {
  if (message.find_first_of("\r\n") == std::string_view::npos) return message;
  scratch.clear();
  for (char c : message) scratch += c == '\n' ? "\\n" : c == '\r' ? "\\r" : std::string(1, c);
  return scratch;
}

class SpdLogger final : public Logger {
 public:
  SpdLogger(const std::string& label, std::string server, std::string plugin)
      : logger_(std::make_shared<spdlog::logger>(label, shared_sink())),
        server_(std::move(server)),
        worker_(server_.empty() || label == server_ ? "" : label),
        plugin_(std::move(plugin)) {
    logger_->set_level(spdlog::level::trace);  // filtered by current_level instead
  }

  void log(LogLevel level, std::string_view message) override { write(level, message, false); }
  void access(std::string_view line) override { write(LogLevel::info, line, true); }
  bool enabled(LogLevel level) const override {
    return level != LogLevel::off && level >= current_level.load(std::memory_order_relaxed);
  }

 private:
  void write(LogLevel level, std::string_view message, bool access) {
    if (!enabled(level)) return;
    if (!json_lines.load(std::memory_order_relaxed)) {
      std::string scratch;
      logger_->log(to_spdlog(level), "{}", one_line(message, scratch));
      return;
    }
    LogEvent event{std::chrono::system_clock::now(), level, server_, worker_, plugin_,
                   long(::getpid()), access, message};
    logger_->log(to_spdlog(level), "{}", json_log_line(event));
  }

  std::shared_ptr<spdlog::logger> logger_;
  std::string server_, worker_, plugin_;
};

}  // namespace

static_assert(int(LogLevel::trace) == spdlog::level::trace &&
              int(LogLevel::critical) == spdlog::level::critical &&
              int(LogLevel::off) == spdlog::level::off);

std::shared_ptr<Logger> make_logger(const std::string& name) {
  return std::make_shared<SpdLogger>(name, name, "");
}

std::shared_ptr<Logger> make_server_logger(const std::string& server, const std::string& label,
                                           const std::string& plugin) {
  return std::make_shared<SpdLogger>(label, server, plugin);
}

void set_log_level(LogLevel level) { current_level.store(level); }

void set_log_json(bool json) {
  if (json_lines.exchange(json) == json) return;
  shared_sink()->set_pattern(json ? "%v" : text_pattern);  // the JSON line holds the rest
}

Logger& process_log() {
  static SpdLogger log("sockserv", "", "");
  return log;
}

}  // namespace sockserv::core
