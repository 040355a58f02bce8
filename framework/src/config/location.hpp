#pragma once
// Where something was written in a config file.

#include <string>

namespace sockserv::config {

/// Where something was written: 1-based line and column.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

}  // namespace sockserv::config
