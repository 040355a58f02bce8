#pragma once
// The `sockserv` command's subcommands: run, check, plugins.

#include <string>
#include <vector>

namespace sockserv::launcher {

/// Runs the command line (without argv[0]); returns the process exit status.
int main(const std::vector<std::string>& args);

}  // namespace sockserv::launcher
