#include "config/config_error.hpp"

namespace sockserv::config {

std::string ConfigError::to_string() const {
  std::string out;
  if (!where.file.empty()) out += where.file + ":";
  if (where.line > 0) {
    out += std::to_string(where.line) + ":";
    if (where.column > 0) out += std::to_string(where.column) + ":";
  }
  if (!out.empty()) out += " ";
  if (!key_path.empty()) out += key_path + ": ";
  return out + message;
}

}  // namespace sockserv::config
