#pragma once
// The subcommands of `sockserv`, each returning the process exit status.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sockserv::launcher {

/// `sockserv run FILE`: start every server; stop on SIGTERM/SIGINT.
int run_command(const std::filesystem::path& file);
/// `sockserv check FILE`: validate everything, load every plugin, bind nothing.
int check_command(const std::filesystem::path& file);
/// `sockserv plugins [--plugin-path DIR]...`: what is found, and why anything was rejected.
int plugins_command(const std::vector<std::filesystem::path>& dirs);
/// `sockserv hash-password [--iterations N] [PASSWORD]`: print a PBKDF2-HMAC-SHA256 hash
/// of PASSWORD (or of the first line on stdin) for a file plugin's `users`.
int hash_password_command(std::optional<std::string> password, int iterations);

}  // namespace sockserv::launcher
