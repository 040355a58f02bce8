#pragma once
// Checks the options written for a plugin or policy against what it declares.

#include "config/config.hpp"
#include "config/config_error.hpp"

#include <sockserv/options.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace sockserv::config {

/// Converts `raw` (the options of `component_key_path`, e.g. "servers.web.handler") to
/// typed Options per `specs`: unknown keys (with did-you-mean), wrong types, values out of
/// range or not among the choices, missing required ones are appended to `errors`.
/// Absent options take their declared default (an empty default gives "", an empty list or
/// an empty path, meaning none). Paths resolve against `base_dir`.
/// `owner` names the plugin or policy in messages ("plugin 'echo'").
Options check_options(const std::vector<OptionSpec>& specs,
                      const std::map<std::string, RawOption>& raw,
                      const std::string& component_key_path, const Location& component_where,
                      const std::string& owner, const std::filesystem::path& base_dir,
                      ConfigErrors& errors);

/// Checks that a declaration's own defaults and bounds parse; returns what is wrong
/// ("option 'x': default '12q' is not a size"), empty if nothing. A plugin bug.
std::vector<std::string> check_specs(const std::vector<OptionSpec>& specs);

}  // namespace sockserv::config
