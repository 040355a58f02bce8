#include "launcher/server_process.hpp"

#include "core/spdlog_logger.hpp"

#include <sockserv/server.hpp>

#include <atomic>
#include <csignal>

namespace sockserv::launcher {
namespace {

std::atomic<Server*> running{nullptr};
std::atomic<bool> stop_asked{false};

void on_stop_signal(int) {
  stop_asked.store(true);
  if (Server* s = running.load()) s->request_shutdown();  // async-signal-safe
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

}  // namespace

int serve_in_this_process(const ResolvedServer& resolved, int listen_fd,
                          const std::string& label) {
  const auto& cfg = resolved.config;
  auto log = core::make_server_logger(cfg.name, label, resolved.plugin.info.name);
  install_stop_handlers();
  try {
    PluginContext plugin_context{cfg.name, cfg.listen.transport, resolved.plugin_options, log};
    PolicyContext policy_context{cfg.name, resolved.policy_options, log};
    ServerOptions options;
    options.name = cfg.name;
    options.listen = cfg.listen.to_string();
    options.plugin = resolved.plugin.make(plugin_context);
    options.plugin_name = resolved.plugin.info.name;
    options.policy = resolved.policy.make(policy_context);
    options.shutdown_timeout = cfg.shutdown_timeout;
    options.log = log;
    options.listen_fd = listen_fd;
    options.limits = cfg.limits;
    options.access = cfg.access;
    Server server(std::move(options));
    running.store(&server);
    if (stop_asked.load()) server.request_shutdown();
    server.serve_forever();
    running.store(nullptr);
    return 0;
  } catch (const std::exception& e) {
    log->error(std::string("failed to start: ") + e.what());
    return 2;
  }
}

}  // namespace sockserv::launcher
