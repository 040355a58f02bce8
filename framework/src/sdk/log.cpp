#include <sockserv/log.hpp>

namespace sockserv {

Logger::~Logger() = default;

void Logger::access(std::string_view line) { log(LogLevel::info, line); }

}  // namespace sockserv
