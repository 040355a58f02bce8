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

/// Hands Unix socket files to `who` and switches to it; false after printing why not.
bool switch_or_report(const std::filesystem::path& file, const Credentials& who,
                      const std::vector<Listeners>& listeners) {
  try {
    for (const auto& server : listeners)
      for (const auto& socket : server) hand_over(socket, who);
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
  return 0;
}

int run_command(const std::filesystem::path& file) {
  auto parsed = parse_or_report(file);
  std::optional<Credentials> who;
  if (!parsed || !plan_or_report(*parsed, who)) return 1;
  apply_log_settings(parsed->log);
  // Block before binding or forking: signals are taken with sigwaitinfo, never lost.
  block_supervisor_signals();
  // Bind as whoever started sockserv (root may bind ports below 1024), switch, and only
  // then load plugin libraries: their static initialisers and info() are plugin code too.
  auto listeners = bind_all(*parsed);
  if (!listeners) return 1;
  if (who && !switch_or_report(file, *who, *listeners)) return 1;
  if (who)
    core::process_log().info("listeners bound; running as user '" + who->user + "' (uid " +
                             std::to_string(who->uid) + "), group '" + who->group + "'");
  auto resolved = resolve_or_report(*parsed);
  if (!resolved) {
    for (auto& server : *listeners) close_listeners(server);
    return 1;
  }
  return run_servers(file, *resolved, std::move(*listeners));
}

}  // namespace sockserv::launcher
