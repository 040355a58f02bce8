#pragma once
// `user:`, `group:` and `allow_root:`: whom plugin code runs as. Kept apart from config.hpp
// because only the launcher's privilege drop reads it.

#include "config/location.hpp"

#include <string>

namespace sockserv::config {

/// The top-level `user:`, `group:` and `allow_root:` as written (looked up by the launcher).
struct RunAsConfig {
  std::string user;          ///< a name or a numeric uid; empty: stay who started sockserv
  Location user_where;
  std::string group;         ///< a name or a numeric gid; empty: the user's primary group
  Location group_where;
  bool allow_root = false;   ///< plugin code may run as root
  Location allow_root_where; ///< line 0 when not written
};

}  // namespace sockserv::config
