#include "launcher/launcher.hpp"

#include "launcher/commands.hpp"

#include <sockserv/manifest.hpp>
#include <sockserv/version.hpp>

#include <iostream>

namespace sockserv::launcher {
namespace {

constexpr const char* usage =
    "usage: sockserv run FILE [--control PATH]     start every server in FILE; PATH replaces\n"
    "                                              its `control:` socket\n"
    "       sockserv ctl SOCKET status|reload|stop   ask the sockserv whose control socket is\n"
    "                                              SOCKET; prints its JSON reply\n"
    "       sockserv check FILE                    validate FILE and its plugins; bind nothing\n"
    "       sockserv plugins [--plugin-path DIR]...  list plugins and policies found\n"
    "       sockserv hash-password [--iterations N] [PASSWORD]\n"
    "                                              hash a password (read from stdin if not\n"
    "                                              given) for the file plugin's users\n"
    "       sockserv --version\n";

int bad_usage(const std::string& why) {
  std::cerr << "sockserv: " << why << "\n" << usage;
  return 2;
}

int plugins_from_args(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> dirs;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--plugin-path" && i + 1 < args.size()) dirs.emplace_back(args[++i]);
    else if (args[i].starts_with("--plugin-path=")) dirs.emplace_back(args[i].substr(14));
    else return bad_usage("plugins: unexpected argument '" + args[i] + "'");
  }
  return plugins_command(dirs);
}

int hash_password_from_args(const std::vector<std::string>& args) {
  std::optional<std::string> password;
  int iterations = 100000;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--iterations" && i + 1 < args.size()) {
      try {
        iterations = std::stoi(args[++i]);
      } catch (const std::exception&) {
        iterations = 0;
      }
      if (iterations < 1000 || iterations > 10000000)
        return bad_usage("hash-password: --iterations must be between 1000 and 10000000");
    } else if (!password) {
      password = args[i];
    } else {
      return bad_usage("hash-password: unexpected argument '" + args[i] + "'");
    }
  }
  return hash_password_command(password, iterations);
}

/// `run FILE [--control PATH]`, the option before or after the file.
int run_from_args(const std::vector<std::string>& args) {
  std::optional<std::string> file;
  std::optional<std::filesystem::path> control;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--control" && i + 1 < args.size()) control = args[++i];
    else if (args[i].starts_with("--control=")) control = args[i].substr(10);
    else if (!file && !args[i].starts_with("--")) file = args[i];
    else return bad_usage("run: unexpected argument '" + args[i] + "'");
  }
  if (!file) return bad_usage("run takes one config file");
  if (control && control->empty()) return bad_usage("run: --control needs a socket path");
  // Relative to where `run` was started, as any command-line path.
  if (control) control = std::filesystem::absolute(*control).lexically_normal();
  return run_command(*file, control);
}

int ctl_from_args(const std::vector<std::string>& args) {
  if (args.size() != 3)
    return bad_usage("ctl takes a control socket and a command (status, reload, stop)");
  return ctl_command(args[1], args[2]);
}

}  // namespace

int main(const std::vector<std::string>& args) {
  if (args.empty()) return bad_usage("no command given");
  const std::string& command = args[0];
  if (command == "--version" || command == "version") {
    std::cout << "sockserv " << SOCKSERV_VERSION << " (plugin ABI " << SOCKSERV_ABI_VERSION
              << ", " << SOCKSERV_COMPILER_FINGERPRINT << ", " << SOCKSERV_STDLIB_FINGERPRINT
              << ")\n";
    return 0;
  }
  if (command == "--help" || command == "help" || command == "-h") {
    std::cout << usage;
    return 0;
  }
  if (command == "plugins") return plugins_from_args(args);
  if (command == "hash-password") return hash_password_from_args(args);
  if (command == "run") return run_from_args(args);
  if (command == "ctl") return ctl_from_args(args);
  if (command == "check") {
    if (args.size() != 2) return bad_usage(command + " takes one config file");
    return check_command(args[1]);
  }
  return bad_usage("unknown command '" + command +
                   "' (commands: run, ctl, check, plugins, hash-password)");
}

}  // namespace sockserv::launcher
