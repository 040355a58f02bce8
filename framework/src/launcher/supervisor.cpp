#include "launcher/supervisor.hpp"

#include "core/counter_table.hpp"
#include "core/poll_timeout.hpp"
#include "core/spdlog_logger.hpp"
#include "launcher/control_replies.hpp"
#include "launcher/control_server.hpp"
#include "launcher/log_settings.hpp"
#include "launcher/reload.hpp"
#include "launcher/server_process.hpp"
#include "launcher/signal_wait.hpp"

#include <sockserv/error.hpp>
#include <sockserv/metrics.hpp>

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace sockserv::launcher {
namespace {

/// The supervisor's state. It stays single-threaded: it forks, and a fork from a
/// threaded process could leave a lock held forever in the child (DESIGN §11). Every wait
/// is the one poll in wait_and_act(), on the signalfd and the control socket and its
/// clients; restarts, kills and client deadlines are deadlines it sleeps until.
class Supervisor {
 public:
  Supervisor(std::filesystem::path file, const config::Config& config)
      : file_(std::move(file)), started_control_(config.control) {}

  /// The spawn function every group forks its processes with.
  Spawn spawner() {
    return [this](const ResolvedServer& s, const std::vector<int>& fds, const std::string& label) {
      return spawn(s, fds, label);
    };
  }

  void adopt(Groups groups) { groups_ = std::move(groups); }

  /// Serves `control` from now on.
  void listen_control(ControlSocket control) {
    control_overridden_ = control.from_command_line;
    control_ = std::make_unique<ControlServer>(
        std::move(control.socket), [this](std::string_view command) { return answer(command); });
    log().info("control socket listening on " + control_->path());
  }

  int run() {
    for (auto& g : groups_) g->start(Clock::now());
    // A reply to `stop` is written before the supervisor goes (bounded by its deadline).
    while (!stopping_ || live() > 0 || (control_ && control_->replying())) {
      wait_and_act();
      auto now = Clock::now();
      for_each_group([&](ServerGroup& g) { g.on_time(now); });
      if (control_) control_->on_time(now);
      drop_retired();
    }
    for (const auto& g : groups_) failed_ = failed_ || g->failed();
    groups_.clear();   // closes the listeners, removes the Unix socket files
    control_.reset();  // and the control socket's, if still ours
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

  Deadline next_deadline() {
    Deadline next = no_deadline;
    for_each_group(
        [&](ServerGroup& g) { next = std::min(next, g.next_deadline().value_or(next)); });
    if (control_) next = std::min(next, control_->next_deadline().value_or(next));
    return next;
  }

  /// Waits for a signal, a control client or the next deadline, and acts on what came.
  void wait_and_act() {
    std::vector<pollfd> fds{{signals_.fd(), POLLIN, 0}};
    if (control_) control_->want(fds);
    if (::poll(fds.data(), fds.size(), core::poll_timeout(next_deadline())) <= 0)
      return;  // a deadline, or EINTR (a stop/continue)
    if (fds[0].revents & POLLIN)
      for (int sig : signals_.take()) handle(sig);
    if (control_) control_->serve(std::span<const pollfd>(fds).subspan(1), Clock::now());
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
    ::close(signals_.fd());
    if (control_) control_->close_in_child();  // plain close: the file stays the supervisor's
    ::_exit(serve_in_this_process(server, listen_fds, label));
  }

  void handle(int sig) {
    switch (sig) {
      case SIGCHLD: reap(); break;
      case SIGTERM:
      case SIGINT: on_stop_signal(sig); break;
      case SIGHUP: reload("SIGHUP"); break;
      default: break;
    }
  }

  /// A control command's reply.
  std::string answer(std::string_view command) {
    if (command == "status") return status();
    if (command == "reload") return reload_reply(reload("ctl reload"));
    if (command == "stop") {
      if (!stopping_) begin_stop("ctl stop");
      return stop_reply();
    }
    return unknown_command_reply(command);
  }

  std::string status() {
    std::error_code ec;
    auto config = std::filesystem::absolute(file_, ec);
    SupervisorStatus self{supervisor_pid_, ec ? file_ : config, Clock::now() - started_,
                          stopping_};
    return status_reply(self, groups_, retiring_, metrics_snapshot());
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

  void on_stop_signal(int sig) {
    std::string name = std::string("SIG") + sigabbrev_np(sig);
    if (stopping_) {
      log().warn("second " + name + ": killing every server now");
      for_each_group([](ServerGroup& g) { g.kill_all(); });
      return;
    }
    begin_stop(name);
  }

  /// What SIGTERM does: every group drains, and the loop ends when the last process has.
  void begin_stop(const std::string& cause) {
    stopping_ = true;
    log().info(cause + ": stopping every server");
    auto now = Clock::now();
    for_each_group([&](ServerGroup& g) { g.stop(now); });
  }

  /// What SIGHUP does; `cause` starts its log lines.
  ReloadOutcome reload(const std::string& cause) {
    ReloadOutcome out;
    if (stopping_) {
      log().warn(cause + ": already stopping; the config is not reloaded");
      out.refused = "sockserv is stopping; the config is not reloaded";
      return out;
    }
    log().info(cause + ": reloading " + file_.string());
    auto result = load_config(file_);
    if (!result.resolved) {
      for (const auto& e : result.errors) log().error("reload: " + e.to_string());
      log().error("reload: " + std::to_string(result.errors.size()) +
                  (result.errors.size() == 1 ? " error" : " errors") +
                  "; the running servers go on unchanged");
      out.errors = std::move(result.errors);
      return out;
    }
    apply_log_settings(result.resolved->config.log);
    note_control_change(result.resolved->config);
    std::vector<ResolvedServer> running;
    for (const auto& g : groups_) running.push_back(g->server());
    out.plan = plan_reload(running, result.resolved->servers);
    out.failures = apply_reload(out.plan, result.resolved->servers, groups_, retiring_, spawner(),
                                Clock::now());
    log().info(out.plan.summary());
    return out;
  }

  /// The control socket is opened at start-up only: say so when the file moves it.
  void note_control_change(const config::Config& config) {
    if (control_overridden_ || config.control == started_control_) return;
    log().warn("reload: `control:` now says '" + config.control.string() +
               "'; the control socket stays " +
               (control_ ? "at '" + control_->path() + "'" : std::string("off")) +
               " until sockserv is restarted");
  }

  std::filesystem::path file_;
  pid_t supervisor_pid_ = ::getpid();
  Deadline started_ = Clock::now();
  SignalFd signals_;  ///< supervisor_signals(), blocked by run_command before anything else
  std::unique_ptr<ControlServer> control_;
  std::filesystem::path started_control_;  ///< the file's `control:` at start-up
  bool control_overridden_ = false;        ///< `run --control` chose the socket
  Groups groups_;    ///< the servers of the config in force
  Groups retiring_;  ///< stopped by a reload, draining
  bool stopping_ = false;
  bool failed_ = false;
};

}  // namespace

int run_servers(const std::filesystem::path& file, const Resolved& resolved,
                std::vector<Listeners> listeners, std::optional<ControlSocket> control) {
  core::CounterTable::create();  // before any fork: every process inherits the mapping
  Supervisor supervisor(file, resolved.config);
  Groups groups;
  for (std::size_t i = 0; i < resolved.servers.size(); ++i)
    groups.push_back(std::make_unique<ServerGroup>(resolved.servers[i], std::move(listeners[i]),
                                                   supervisor.spawner()));
  supervisor.adopt(std::move(groups));
  if (control) supervisor.listen_control(std::move(*control));
  return supervisor.run();
}

}  // namespace sockserv::launcher
