#pragma once
// The subcommands of `sockserv`, each returning the process exit status.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sockserv::launcher {

/// `sockserv run FILE [--control PATH]`: start every server; stop on SIGTERM/SIGINT or
/// `ctl stop`. `control_path`, when given, replaces the file's `control:`.
int run_command(const std::filesystem::path& file,
                const std::optional<std::filesystem::path>& control_path = std::nullopt);
/// `sockserv ctl SOCKET COMMAND`: send COMMAND to a running supervisor, print its reply;
/// 0 on an ok reply, 1 on an error reply, 2 without a reply.
int ctl_command(const std::filesystem::path& socket, const std::string& command);
/// `sockserv check FILE`: validate everything, load every plugin, bind nothing.
int check_command(const std::filesystem::path& file);
/// `sockserv plugins [--plugin-path DIR]...`: what is found, and why anything was rejected.
int plugins_command(const std::vector<std::filesystem::path>& dirs);
/// `sockserv hash-password [--iterations N] [PASSWORD]`: print a PBKDF2-HMAC-SHA256 hash
/// of PASSWORD (or of the first line on stdin) for a file plugin's `users`.
int hash_password_command(std::optional<std::string> password, int iterations);

}  // namespace sockserv::launcher
