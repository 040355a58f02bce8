#pragma once
// The top-level `control:`: the Unix socket on which `sockserv ctl` talks to the supervisor.

#include "config/config.hpp"
#include "config/node_reader.hpp"

namespace sockserv::config {

/// Reads `control:` into `config.control` (resolved against the config file's folder, like
/// plugin_path) and `config.control_where`; reports anything that is not a usable socket path.
void read_control(NodeReader& reader, const Entry& entry, Config& config);

/// Reports a `control:` path that a server's `unix://` endpoint also names.
void check_control_clash(NodeReader& reader, const Config& config);

}  // namespace sockserv::config
