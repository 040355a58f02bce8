#pragma once
// What a SIGHUP changes: the running servers against the re-read config, by name. A pure
// function of the two, so every case is unit-tested without a process in sight.

#include "launcher/resolve.hpp"

#include <string>
#include <vector>

namespace sockserv::launcher {

/// True when `a` and `b` would serve the same way, so a running `a` may stand for `b`:
/// same name, endpoint (as written: port 0 stays port 0), processes, shutdown_timeout,
/// plugin library (file, name, version) and effective options (defaults filled in, typed,
/// so `64KiB` equals `65536`), policy (name, library file) and its effective options.
/// Where anything was written (file, line, column) does not count.
bool same_server(const ResolvedServer& a, const ResolvedServer& b);

/// The servers of a reload, by name.
struct ReloadPlan {
  std::vector<std::string> unchanged;  ///< running, and `same_server` as configured: untouched
  std::vector<std::string> changed;    ///< running, configured differently: restarted
  std::vector<std::string> added;      ///< configured, not running: started
  std::vector<std::string> removed;    ///< running, no longer configured: stopped

  /// "reload: 1 unchanged, 1 changed, 1 added, 0 removed".
  std::string summary() const;
};

/// Compares `running` with `wanted` by server name. The first three lists follow
/// `wanted`'s order, `removed` follows `running`'s.
ReloadPlan plan_reload(const std::vector<ResolvedServer>& running,
                       const std::vector<ResolvedServer>& wanted);

}  // namespace sockserv::launcher
