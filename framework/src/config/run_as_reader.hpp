#pragma once
// Reading the top-level `user:`, `group:` and `allow_root:`.

#include "config/node_reader.hpp"
#include "config/run_as.hpp"

#include <map>
#include <string>

namespace sockserv::config {

/// Reads `user`, `group` and `allow_root` from the top-level `keys` (those present) into
/// `run_as`. Names are not looked up here: the launcher does, where it switches to them.
void read_run_as(NodeReader& reader, const std::map<std::string, Entry>& keys, RunAsConfig& run_as);

}  // namespace sockserv::config
