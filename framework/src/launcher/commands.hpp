#pragma once
// The subcommands of `sockserv`, each returning the process exit status.

#include <filesystem>
#include <vector>

namespace sockserv::launcher {

/// `sockserv run FILE`: start every server; stop on SIGTERM/SIGINT.
int run_command(const std::filesystem::path& file);
/// `sockserv check FILE`: validate everything, load every plugin, bind nothing.
int check_command(const std::filesystem::path& file);
/// `sockserv plugins [--plugin-path DIR]...`: what is found, and why anything was rejected.
int plugins_command(const std::vector<std::filesystem::path>& dirs);

}  // namespace sockserv::launcher
