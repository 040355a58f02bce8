#include "launcher/supervisor.hpp"

#include "core/socket.hpp"
#include "core/spdlog_logger.hpp"
#include "launcher/server_process.hpp"

#include <sockserv/error.hpp>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <iostream>

namespace sockserv::launcher {
namespace {

/// Extra time past a server's own drain deadline before its process is killed.
constexpr auto kill_grace = std::chrono::seconds(5);

struct Child {
  const ResolvedServer* server;
  core::ListeningSocket socket;
  pid_t pid = -1;
};

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "was killed by signal " + std::to_string(sig) + " (SIG" + (name ? name : "?") + ")";
  }
  return "ended with status " + std::to_string(status);
}

/// The supervisor's state. It stays single-threaded: it forks, and a fork from a
/// threaded process could leave a lock held forever in the child (DESIGN §11).
class Supervisor {
 public:
  explicit Supervisor(std::vector<Child> children)
      : children_(std::move(children)), supervisor_pid_(::getpid()) {}

  int run() {
    for (auto& c : children_) start(c);
    while (live() > 0) handle(next_signal());
    for (auto& c : children_) core::close_socket(c.socket);
    log().info(failed_ ? "stopped; some servers had failed" : "stopped");
    return failed_ ? 1 : 0;
  }

 private:
  Logger& log() { return core::process_log(); }

  std::size_t live() const {
    return std::size_t(std::count_if(children_.begin(), children_.end(),
                                     [](const Child& c) { return c.pid > 0; }));
  }

  void start(Child& c) {
    pid_t pid = ::fork();
    if (pid < 0) {
      log().error("cannot start server '" + c.server->config.name + "': fork: " + std::strerror(errno));
      failed_ = true;
      return;
    }
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // never outlive the supervisor...
      if (::getppid() != supervisor_pid_) ::_exit(1);  // ...even one that died before prctl
      int own = c.socket.fd.release();
      for (auto& other : children_) other.socket.fd.reset();  // no one else's listener
      ::_exit(serve_in_this_process(*c.server, own));
    }
    c.pid = pid;
  }

  siginfo_t next_signal() {
    sigset_t set = watched();
    siginfo_t info{};
    for (;;) {
      int sig;
      if (stopping_ && !killed_) {
        auto left = kill_at_ - Clock::now();
        if (left <= Duration::zero()) return kill_stragglers(), info;
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
        timespec ts{time_t(ns / 1000000000), long(ns % 1000000000)};
        sig = ::sigtimedwait(&set, &info, &ts);
      } else {
        sig = ::sigwaitinfo(&set, &info);
      }
      if (sig > 0) return info;
      if (errno == EAGAIN) return kill_stragglers(), info;
    }
  }

  void handle(const siginfo_t& info) {
    switch (info.si_signo) {
      case SIGCHLD: reap(); break;
      case SIGTERM:
      case SIGINT: stop(info.si_signo); break;
      case SIGHUP:
        log().warn("SIGHUP: reloading the config is not supported yet; nothing changed");
        break;
      default: break;
    }
  }

  void stop(int sig) {
    if (stopping_) {
      log().warn(std::string("second ") + sigabbrev_np(sig) + ": killing every server now");
      kill_stragglers();
      return;
    }
    stopping_ = true;
    Duration longest{};
    for (const auto& c : children_) longest = std::max(longest, c.server->config.shutdown_timeout);
    kill_at_ = Clock::now() + longest + kill_grace;
    log().info(std::string("SIG") + sigabbrev_np(sig) + ": stopping every server");
    for (const auto& c : children_)
      if (c.pid > 0) ::kill(c.pid, SIGTERM);
  }

  void kill_stragglers() {
    killed_ = true;
    for (const auto& c : children_)
      if (c.pid > 0) {
        log().error("server '" + c.server->config.name + "' did not stop in time: killing it");
        ::kill(c.pid, SIGKILL);
      }
  }

  void reap() {
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      auto it = std::find_if(children_.begin(), children_.end(),
                             [&](const Child& c) { return c.pid == pid; });
      if (it == children_.end()) continue;
      it->pid = -1;
      bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
      if (stopping_ && clean) continue;
      failed_ = true;
      log().error("server '" + it->server->config.name + "' " + describe_exit(status) +
                  (stopping_ ? "" : "; the other servers go on"));
    }
  }

  static sigset_t watched() {
    sigset_t set;
    sigemptyset(&set);
    for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
    return set;
  }

  std::vector<Child> children_;
  pid_t supervisor_pid_;
  bool stopping_ = false;
  bool killed_ = false;  ///< SIGKILL sent: from then on just wait for the SIGCHLDs
  bool failed_ = false;
  Deadline kill_at_{};
};

}  // namespace

int run_servers(const Resolved& resolved) {
  // Block before binding or forking: signals are taken with sigwaitinfo, never lost.
  sigset_t set;
  sigemptyset(&set);
  for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&set, s);
  sigprocmask(SIG_BLOCK, &set, nullptr);

  std::vector<Child> children;
  bool bind_failed = false;
  for (const auto& server : resolved.servers) {
    try {
      children.push_back({&server, core::bind_endpoint(server.config.listen, true)});
    } catch (const Error& e) {
      const auto& w = server.config.listen_where;
      std::cerr << w.file << ":" << w.line << ":" << w.column << ": servers." << server.config.name
                << ".listen: " << e.what() << "\n";
      bind_failed = true;
    }
  }
  if (bind_failed) {
    for (auto& c : children) core::close_socket(c.socket);
    return 1;
  }
  return Supervisor(std::move(children)).run();
}

}  // namespace sockserv::launcher
