#pragma once
// Whom plugin code runs as. `sockserv run` binds every listener as whoever started it (root,
// for ports below 1024), then switches to the config's `user:` and `group:` before any
// plugin library is loaded; it refuses to run plugin code as root unless `allow_root: true`.

#include "config/config.hpp"
#include "config/config_error.hpp"
#include "core/socket.hpp"

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace sockserv::launcher {

/// A user and group to switch to, looked up.
struct Credentials {
  std::string user;           ///< name, or the number as written when it has no entry
  std::string group;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  ///< supplementary groups: the user's, or none
};

/// The switch `config` asks for when sockserv runs with effective uid `euid`: nullopt when
/// it stays who it is (also after an error, which is appended to `errors`). Unknown users
/// and groups, a switch that only root can make, and plugin code left to run as root
/// without `allow_root: true` are errors located at their key (or at the file).
std::optional<Credentials> plan_switch(const config::Config& config, uid_t euid,
                                       config::ConfigErrors& errors);

/// Switches this process to `who`: setgroups, setgid, setuid, in that order, each checked;
/// then verifies that root cannot be regained. Throws Error saying which step failed.
void switch_to(const Credentials& who);

/// Hands a Unix socket file that `socket` created (as root) to `who`, so that clients
/// running as `who` can connect after the switch. Nothing for other sockets. Throws Error.
void hand_over(const core::ListeningSocket& socket, const Credentials& who);

/// The user this process switched to, if it did (for error messages after the switch).
std::optional<std::string> switched_user();

}  // namespace sockserv::launcher
