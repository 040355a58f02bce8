#include "launcher/supervisor.hpp"

#include "core/counter_table.hpp"
#include "core/spdlog_logger.hpp"
#include "launcher/log_settings.hpp"
#include "launcher/reload.hpp"
#include "launcher/server_process.hpp"
#include "launcher/signal_wait.hpp"

#include <sockserv/error.hpp>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <iostream>

namespace sockserv::launcher {
namespace {

/// The supervisor's state. It stays single-threaded: it forks, and a fork from a
/// threaded process could leave a lock held forever in the child (DESIGN §11). Every wait
/// is the one sigtimedwait in run(); restarts and kills are deadlines it sleeps until.
class Supervisor {
 public:
  explicit Supervisor(std::filesystem::path file) : file_(std::move(file)) {}

  /// The spawn function every group forks its processes with.
  Spawn spawner() {
    return [this](const ResolvedServer& s, const std::vector<int>& fds, const std::string& label) {
      return spawn(s, fds, label);
    };
  }

  void adopt(Groups groups) { groups_ = std::move(groups); }

  int run() {
    for (auto& g : groups_) g->start(Clock::now());
    while (!stopping_ || live() > 0) {
      auto info = wait_for_signal(next_deadline());
      if (info) handle(*info);
      auto now = Clock::now();
      for_each_group([&](ServerGroup& g) { g.on_time(now); });
      drop_retired();
    }
    for (const auto& g : groups_) failed_ = failed_ || g->failed();
    groups_.clear();  // closes the listeners, removes the Unix socket files
    log().info(failed_ ? "stopped; some servers had failed" : "stopped");
    return failed_ ? 1 : 0;
  }

 private:
  Logger& log() { return core::process_log(); }

  template <class F>
  void for_each_group(F f) {
    for (auto& g : groups_) f(*g);
    for (auto& g : retiring_) f(*g);
  }

  std::size_t live() {
    std::size_t n = 0;
    for_each_group([&](ServerGroup& g) { n += g.live(); });
    return n;
  }

  std::optional<Deadline> next_deadline() {
    std::optional<Deadline> next;
    for_each_group([&](ServerGroup& g) {
      auto d = g.next_deadline();
      if (d && (!next || *d < *next)) next = d;
    });
    return next;
  }

  pid_t spawn(const ResolvedServer& server, const std::vector<int>& listen_fds,
              const std::string& label) {
    pid_t pid = ::fork();
    if (pid != 0) return pid;
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);              // never outlive the supervisor...
    if (::getppid() != supervisor_pid_) ::_exit(1);  // ...even one that died before prctl
    // No one else's listener: a child holding it would keep a removed server's port bound.
    for_each_group([&](ServerGroup& g) {
      for (int fd : g.listen_fds())
        if (fd >= 0 && std::find(listen_fds.begin(), listen_fds.end(), fd) == listen_fds.end())
          ::close(fd);
    });
    ::_exit(serve_in_this_process(server, listen_fds, label));
  }

  void handle(const siginfo_t& info) {
    switch (info.si_signo) {
      case SIGCHLD: reap(); break;
      case SIGTERM:
      case SIGINT: stop(info.si_signo); break;
      case SIGHUP: reload(); break;
      default: break;
    }
  }

  void reap() {
    int status = 0;
    pid_t pid;
    auto now = Clock::now();
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      bool found = false;  // a pid belongs to one group at most
      for_each_group([&](ServerGroup& g) { found = found || g.on_exit(pid, status, now); });
    }
  }

  /// Groups stopped by a reload go once their last process has; their listeners close.
  void drop_retired() {
    std::erase_if(retiring_, [&](const auto& g) {
      if (g->live() > 0) return false;
      failed_ = failed_ || (stopping_ && g->failed());
      return true;
    });
  }

  void stop(int sig) {
    if (stopping_) {
      log().warn(std::string("second SIG") + sigabbrev_np(sig) + ": killing every server now");
      for_each_group([](ServerGroup& g) { g.kill_all(); });
      return;
    }
    stopping_ = true;
    log().info(std::string("SIG") + sigabbrev_np(sig) + ": stopping every server");
    auto now = Clock::now();
    for_each_group([&](ServerGroup& g) { g.stop(now); });
  }

  void reload() {
    if (stopping_) {
      log().warn("SIGHUP: already stopping; the config is not reloaded");
      return;
    }
    log().info("SIGHUP: reloading " + file_.string());
    auto result = load_config(file_);
    if (!result.resolved) {
      for (const auto& e : result.errors) log().error("reload: " + e.to_string());
      log().error("reload: " + std::to_string(result.errors.size()) +
                  (result.errors.size() == 1 ? " error" : " errors") +
                  "; the running servers go on unchanged");
      return;
    }
    apply_log_settings(result.resolved->config.log);
    std::vector<ResolvedServer> running;
    for (const auto& g : groups_) running.push_back(g->server());
    auto plan = plan_reload(running, result.resolved->servers);
    apply_reload(plan, result.resolved->servers, groups_, retiring_, spawner(), Clock::now());
    log().info(plan.summary());
  }

  std::filesystem::path file_;
  pid_t supervisor_pid_ = ::getpid();
  Groups groups_;    ///< the servers of the config in force
  Groups retiring_;  ///< stopped by a reload, draining
  bool stopping_ = false;
  bool failed_ = false;
};

}  // namespace

int run_servers(const std::filesystem::path& file, const Resolved& resolved,
                std::vector<Listeners> listeners) {
  core::CounterTable::create();  // before any fork: every process inherits the mapping
  Supervisor supervisor(file);
  Groups groups;
  for (std::size_t i = 0; i < resolved.servers.size(); ++i)
    groups.push_back(std::make_unique<ServerGroup>(resolved.servers[i], std::move(listeners[i]),
                                                   supervisor.spawner()));
  supervisor.adopt(std::move(groups));
  return supervisor.run();
}

}  // namespace sockserv::launcher
