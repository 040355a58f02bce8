#include <sockserv/log.hpp>

namespace sockserv {

Logger::~Logger() = default;

}  // namespace sockserv
