#include "launcher/server_process.hpp"

#include "core/spdlog_logger.hpp"
#include "launcher/server_set.hpp"

#include <sockserv/server.hpp>

#include <atomic>
#include <csignal>

namespace sockserv::launcher {
namespace {

std::atomic<ServerSet*> running{nullptr};
std::atomic<bool> stop_asked{false};

void on_stop_signal(int) {
  stop_asked.store(true);
  if (ServerSet* s = running.load()) s->request_shutdown();  // async-signal-safe
}

/// Handlers first, then unblock what the supervisor blocked: a stop that arrives before
/// the server exists is remembered, not lost.
void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  signal(SIGHUP, SIG_IGN);  // reload is the supervisor's business
  signal(SIGCHLD, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

/// One endpoint's Server: the shared plugin, a policy of its own, the inherited socket.
std::unique_ptr<Server> make_server(const ResolvedServer& resolved, std::size_t i, int listen_fd,
                                    std::shared_ptr<Plugin> plugin, std::shared_ptr<Logger> log) {
  const auto& cfg = resolved.config;
  ServerOptions options;
  options.name = cfg.name;
  options.listen = cfg.listen.at(i).endpoint.to_string();
  options.plugin = std::move(plugin);
  options.plugin_name = resolved.plugin.info.name;
  options.policy = resolved.policy.make({cfg.name, resolved.policy_options, log});
  options.shutdown_timeout = cfg.shutdown_timeout;
  options.log = std::move(log);
  options.listen_fd = listen_fd;
  options.limits = cfg.limits;
  options.access = cfg.access;
  return std::make_unique<Server>(std::move(options));
}

}  // namespace

int serve_in_this_process(const ResolvedServer& resolved, const std::vector<int>& listen_fds,
                          const std::string& label) {
  const auto& cfg = resolved.config;
  auto log = core::make_server_logger(cfg.name, label, resolved.plugin.info.name);
  install_stop_handlers();
  try {
    PluginContext plugin_context{cfg.name, cfg.listen.front().endpoint.transport,
                                 resolved.plugin_options, log, transports_of(cfg)};
    std::shared_ptr<Plugin> plugin = resolved.plugin.make(plugin_context);
    ServerSet servers;
    for (std::size_t i = 0; i < listen_fds.size(); ++i)
      servers.add(make_server(resolved, i, listen_fds[i], plugin, log));
    running.store(&servers);
    if (stop_asked.load()) servers.request_shutdown();
    servers.serve_forever();
    running.store(nullptr);
    return 0;
  } catch (const std::exception& e) {
    log->error(std::string("failed to start: ") + e.what());
    return 2;
  }
}

}  // namespace sockserv::launcher
