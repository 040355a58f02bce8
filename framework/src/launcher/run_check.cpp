#include "core/spdlog_logger.hpp"
#include "launcher/commands.hpp"
#include "launcher/resolve.hpp"
#include "launcher/supervisor.hpp"

#include <iostream>

namespace sockserv::launcher {
namespace {

/// Loads and resolves `file`, printing every error; nullopt if there were any.
std::optional<Resolved> load_or_report(const std::filesystem::path& file) {
  auto result = load_config(file);
  for (const auto& e : result.errors) std::cerr << e.to_string() << "\n";
  if (!result.errors.empty())
    std::cerr << file.string() << ": " << result.errors.size()
              << (result.errors.size() == 1 ? " error\n" : " errors\n");
  return std::move(result.resolved);
}

}  // namespace

int check_command(const std::filesystem::path& file) {
  auto resolved = load_or_report(file);
  if (!resolved) return 1;
  std::cout << file.string() << ": ok, " << resolved->servers.size() << " server"
            << (resolved->servers.size() == 1 ? "" : "s") << "\n";
  for (const auto& s : resolved->servers)
    std::cout << "  " << s.config.name << ": " << config::endpoints_text(s.config) << ", plugin '"
              << s.plugin.info.name << "' " << s.plugin.info.version << " ("
              << s.plugin.path.string() << "), policy '" << s.policy.info.name << "'\n";
  return 0;
}

int run_command(const std::filesystem::path& file) {
  auto resolved = load_or_report(file);
  if (!resolved) return 1;
  core::set_log_level(resolved->config.log.level);
  return run_servers(file, *resolved);
}

}  // namespace sockserv::launcher
