#pragma once
// Reading a server's `handler:` and `policy:`: which component, and its options as written.
// The options are checked later against the component's declaration (option_values.hpp),
// once the launcher has loaded it.

#include "config/config.hpp"
#include "config/node_reader.hpp"

#include <filesystem>
#include <string>

namespace sockserv::config {

/// An option value as written: a scalar, a list of scalars, or (invalid) anything deeper.
/// Empty values are reported here and give nullopt.
std::optional<RawOption> read_raw_option(NodeReader& reader, const Entry& entry);

/// `handler:` — a map with exactly one of `plugin: NAME` and `path: FILE` (resolved against
/// `base_dir`); every other key is an option.
ComponentConfig read_handler(NodeReader& reader, const Entry& entry,
                             const std::filesystem::path& base_dir);

/// `policy:` — `policy: NAME` or a map with `type: NAME` and options. `entry` null means
/// the key is absent: the serial policy, located at the server (`server_where`).
ComponentConfig read_policy(NodeReader& reader, const Entry* entry, const std::string& server_path,
                            const Location& server_where);

}  // namespace sockserv::config
