#pragma once
// The control socket's replies: one JSON object per request, `"ok"` always its first
// member, so `sockserv ctl` (and a script) can tell success from the reply's start.

#include "launcher/reload.hpp"

#include <sockserv/metrics.hpp>
#include <sockserv/time.hpp>

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv::launcher {

/// The supervisor itself, for `status`.
struct SupervisorStatus {
  pid_t pid = 0;
  std::filesystem::path config;  ///< the file `run` was given, made absolute
  Duration uptime{};
  bool stopping = false;
};

/// "status, reload, stop": the commands the control socket understands.
std::string valid_commands();

/// {"ok":false,"error":MESSAGE}.
std::string error_reply(std::string_view message);

/// {"ok":false,"error":"unknown command 'x'; valid commands: status, reload, stop"}.
std::string unknown_command_reply(std::string_view command);

/// {"ok":true,"version","pid","config","uptime_seconds","stopping","servers":[...],
/// "draining":[...]}: each configured server with its bound endpoints, plugin, policy,
/// processes, worker pids, restarts and `counters` (from `metrics`, matched by name); each
/// group a reload retired that still drains, with its pids.
std::string status_reply(const SupervisorStatus& self, const Groups& groups,
                         const Groups& retiring, const std::vector<ServerMetrics>& metrics);

/// {"ok":true,"kept","restarted","started","stopped"}: the servers by what the reload did
/// to them; `"ok":false` with `"error"` and `"errors"` (each config error's line) when the
/// file had errors, or with `"failed"` (server and error) when some could not be bound.
std::string reload_reply(const ReloadOutcome& outcome);

/// {"ok":true,"stopping":true}: the answer to `stop`, before the drain.
std::string stop_reply();

}  // namespace sockserv::launcher
