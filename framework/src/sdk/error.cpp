#include <sockserv/error.hpp>

#include <cstring>

namespace sockserv {

SystemError::SystemError(const std::string& what, int code)
    : Error(what + ": " + std::strerror(code)), code_(code) {}

}  // namespace sockserv
