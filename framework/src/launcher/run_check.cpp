#include "config/config_parser.hpp"
#include "core/spdlog_logger.hpp"
#include "launcher/commands.hpp"
#include "launcher/listener.hpp"
#include "launcher/log_settings.hpp"
#include "launcher/privileges.hpp"
#include "launcher/resolve.hpp"
#include "launcher/signal_wait.hpp"
#include "launcher/supervisor.hpp"

#include <sockserv/error.hpp>

#include <unistd.h>

#include <iostream>

namespace sockserv::launcher {
namespace {

/// Prints `errors`, then their count; false if there were any.
bool report(const std::filesystem::path& file, const config::ConfigErrors& errors) {
  for (const auto& e : errors) std::cerr << e.to_string() << "\n";
  if (!errors.empty())
    std::cerr << file.string() << ": " << errors.size()
              << (errors.size() == 1 ? " error\n" : " errors\n");
  return errors.empty();
}

std::optional<config::Config> parse_or_report(const std::filesystem::path& file) {
  auto parsed = config::parse_file(file);
  report(file, parsed.errors);
  return std::move(parsed.config);
}

/// Whom to switch to (nullopt: nobody), or false after reporting why the config may not
/// run plugin code here.
bool plan_or_report(const config::Config& config, std::optional<Credentials>& who) {
  config::ConfigErrors errors;
  who = plan_switch(config, ::geteuid(), errors);
  return report(config.file, errors);
}

/// Plugin libraries are loaded here, so only once the switch is done.
std::optional<Resolved> resolve_or_report(const config::Config& config) {
  auto result = resolve_config(config);
  report(config.file, result.errors);
  return std::move(result.resolved);
}

/// Binds the control socket `run` is asked for (none: `control` stays empty); false after
/// printing why it cannot, located at `control:` or naming `--control`.
bool bind_control_or_report(const config::Config& config,
                            const std::optional<std::filesystem::path>& from_command_line,
                            std::optional<ControlSocket>& control) {
  auto path = from_command_line.value_or(config.control);
  if (path.empty()) return true;
  try {
    control = ControlSocket{bind_control(path), from_command_line.has_value()};
    return true;
  } catch (const Error& e) {
    if (from_command_line)
      std::cerr << "sockserv run: --control " << path.string() << ": " << e.what() << "\n";
    else
      std::cerr << config::ConfigError{config.control_where, "control", e.what()}.to_string()
                << "\n";
    return false;
  }
}

/// Hands Unix socket files (the control socket's too) to `who` and switches to it; false
/// after printing why not.
bool switch_or_report(const std::filesystem::path& file, const Credentials& who,
                      const std::vector<Listeners>& listeners,
                      const std::optional<ControlSocket>& control = std::nullopt) {
  try {
    for (const auto& server : listeners)
      for (const auto& socket : server) hand_over(socket, who);
    if (control) hand_over(control->socket, who);
    switch_to(who);
    return true;
  } catch (const Error& e) {
    std::cerr << file.string() << ": " << e.what() << "\n";
    return false;
  }
}

}  // namespace

int check_command(const std::filesystem::path& file) {
  auto parsed = parse_or_report(file);
  std::optional<Credentials> who;
  if (!parsed || !plan_or_report(*parsed, who)) return 1;
  // Switch as `run` would, so that plugin code is checked as the user that will run it.
  if (who && !switch_or_report(file, *who, {})) return 1;
  auto resolved = resolve_or_report(*parsed);
  if (!resolved) return 1;
  std::cout << file.string() << ": ok, " << resolved->servers.size() << " server"
            << (resolved->servers.size() == 1 ? "" : "s")
            << (who ? ", plugins run as user '" + who->user + "'" : std::string()) << "\n";
  for (const auto& s : resolved->servers)
    std::cout << "  " << s.config.name << ": " << config::endpoints_text(s.config) << ", plugin '"
              << s.plugin.info.name << "' " << s.plugin.info.version << " ("
              << s.plugin.path.string() << "), policy '" << s.policy.info.name << "'\n";
  if (!parsed->control.empty())
    std::cout << "  control socket: " << parsed->control.string() << "\n";
  return 0;
}

int run_command(const std::filesystem::path& file,
                const std::optional<std::filesystem::path>& control_path) {
  auto parsed = parse_or_report(file);
  std::optional<Credentials> who;
  if (!parsed || !plan_or_report(*parsed, who)) return 1;
  apply_log_settings(parsed->log);
  // Block before binding or forking: signals are read from a signalfd, never lost.
  block_supervisor_signals();
  // Bind as whoever started sockserv (root may bind ports below 1024), switch, and only
  // then load plugin libraries: their static initialisers and info() are plugin code too.
  auto listeners = bind_all(*parsed);
  if (!listeners) return 1;
  std::optional<ControlSocket> control;
  auto close_all = [&] {
    for (auto& server : *listeners) close_listeners(server);
    if (control) core::close_socket(control->socket);
  };
  if (!bind_control_or_report(*parsed, control_path, control) ||
      (who && !switch_or_report(file, *who, *listeners, control))) {
    close_all();
    return 1;
  }
  if (who)
    core::process_log().info("listeners bound; running as user '" + who->user + "' (uid " +
                             std::to_string(who->uid) + "), group '" + who->group + "'");
  auto resolved = resolve_or_report(*parsed);
  if (!resolved) {
    close_all();
    return 1;
  }
  return run_servers(file, *resolved, std::move(*listeners), std::move(control));
}

}  // namespace sockserv::launcher
