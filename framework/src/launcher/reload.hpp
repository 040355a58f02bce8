#pragma once
// Carrying out a reload plan on the running server groups.

#include "config/config_error.hpp"
#include "launcher/reload_plan.hpp"
#include "launcher/server_group.hpp"

#include <memory>
#include <string>
#include <vector>

namespace sockserv::launcher {

/// Server groups, in config order.
using Groups = std::vector<std::unique_ptr<ServerGroup>>;

/// A server a reload could not bind: a changed one keeps running as it was, an added one
/// is not started.
struct ReloadFailure {
  std::string server;
  std::string error;  ///< as logged: "FILE:LINE:COL: servers.NAME.listen: cannot listen ..."
};

/// What a reload (SIGHUP or `sockserv ctl reload`) did.
struct ReloadOutcome {
  std::string refused;                  ///< why it was not tried (stopping); empty if it was
  config::ConfigErrors errors;          ///< the file's errors: then nothing changed
  ReloadPlan plan;                      ///< when the file was good
  std::vector<ReloadFailure> failures;  ///< bind errors while applying `plan`
};

/// Applies `plan` (made from `groups` and `wanted`):
/// - unchanged groups are left alone, processes and connections and all;
/// - removed groups are stopped and moved to `retiring`, where they drain; their listener
///   closes with them;
/// - changed groups are stopped and moved to `retiring`, and a new group takes over: on the
///   old group's listener for each endpoint both list, on a newly bound one for the others
///   (the old ones close once the old processes are gone). If a bind fails, the error is
///   logged and the old group runs on unchanged;
/// - added servers are bound and started; a bind error is logged and the server skipped.
/// Every new group joins `groups` before any is started, so each child can close the
/// listeners that are not its own. Returns the bind errors, each also logged.
std::vector<ReloadFailure> apply_reload(const ReloadPlan& plan,
                                        const std::vector<ResolvedServer>& wanted, Groups& groups,
                                        Groups& retiring, const Spawn& spawn, Deadline now);

}  // namespace sockserv::launcher
