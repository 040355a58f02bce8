#pragma once
// Carrying out a reload plan on the running server groups.

#include "launcher/reload_plan.hpp"
#include "launcher/server_group.hpp"

#include <memory>
#include <vector>

namespace sockserv::launcher {

/// Server groups, in config order.
using Groups = std::vector<std::unique_ptr<ServerGroup>>;

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
/// listeners that are not its own.
void apply_reload(const ReloadPlan& plan, const std::vector<ResolvedServer>& wanted, Groups& groups,
                  Groups& retiring, const Spawn& spawn, Deadline now);

}  // namespace sockserv::launcher
