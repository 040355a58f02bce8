#include "launcher/server_group.hpp"

#include "config/units.hpp"
#include "core/spdlog_logger.hpp"

#include <sys/wait.h>

#include <algorithm>
#include <csignal>
#include <cstring>

namespace sockserv::launcher {
namespace {

Logger& log() { return core::process_log(); }

std::string named(const std::string& label) { return "server '" + label + "'"; }

std::string pid_text(pid_t pid) { return "pid " + std::to_string(pid); }

}  // namespace

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "was killed by signal " + std::to_string(sig) + " (SIG" + (name ? name : "?") + ")";
  }
  return "ended with status " + std::to_string(status);
}

ServerGroup::ServerGroup(ResolvedServer server, Listeners listeners, Spawn spawn)
    : server_(std::move(server)), listeners_(std::move(listeners)), spawn_(std::move(spawn)) {
  int n = std::max(1, server_.config.processes);
  for (int i = 1; i <= n; ++i)
    workers_.push_back({n == 1 ? name() : name() + "#" + std::to_string(i), -1, {}, {}, {}});
  if (auto* table = core::CounterTable::attached()) {
    counters_ = table->lease(name(), workers_.size());
    if (!counters_.worker(0))
      log().warn(named(name()) + ": no room in the metrics table; its counters are not reported");
  }
}

ServerGroup::~ServerGroup() { close_listeners(listeners_); }

std::vector<int> ServerGroup::listen_fds() const {
  std::vector<int> fds;
  for (const auto& l : listeners_) fds.push_back(l.fd.get());
  return fds;
}

std::optional<core::ListeningSocket> ServerGroup::take_listener(const Endpoint& endpoint) {
  const auto& wanted = server_.config.listen;
  for (std::size_t i = 0; i < listeners_.size() && i < wanted.size(); ++i)
    if (wanted[i].endpoint == endpoint && listeners_[i].fd) return std::move(listeners_[i]);
  return std::nullopt;
}

void ServerGroup::start(Deadline now) {
  for (auto& w : workers_) start_worker(w, now, false);
}

void ServerGroup::start_worker(Worker& w, Deadline now, bool restart) {
  w.restart_at.reset();
  // The child's Server counts into this worker's slot (inherited through fork).
  core::set_process_counters(counters_.worker(index_of(w)));
  pid_t pid = spawn_(server_, listen_fds(), w.label);
  core::set_process_counters(nullptr);
  if (pid < 0) {
    auto delay = w.backoff.after_failed_start();
    log().error("cannot start " + named(w.label) + ": fork: " + std::strerror(errno) +
                "; retrying in " + config::format_duration(delay));
    w.restart_at = now + delay;
    return;
  }
  w.pid = pid;
  w.started = now;
  if (restart) counters_.restarted();
  counters_.set_processes(live());
  log().info(named(w.label) + (restart ? " restarted" : " started") + " (" + pid_text(pid) + ")");
}

void ServerGroup::stop(Deadline now) {
  if (stopping_) return;
  stopping_ = true;
  kill_at_ = now + server_.config.shutdown_timeout + kill_grace;
  for (auto& w : workers_) {
    if (w.restart_at) failed_ = true;  // down at the stop, waiting for its restart
    w.restart_at.reset();
    if (w.pid > 0) ::kill(w.pid, SIGTERM);
  }
}

void ServerGroup::kill_all() {
  killed_ = true;
  for (const auto& w : workers_)
    if (w.pid > 0) {
      log().error(named(w.label) + " did not stop in time: killing it (" + pid_text(w.pid) + ")");
      ::kill(w.pid, SIGKILL);
    }
}

bool ServerGroup::on_exit(pid_t pid, int status, Deadline now) {
  auto it =
      std::find_if(workers_.begin(), workers_.end(), [&](const Worker& w) { return w.pid == pid; });
  if (it == workers_.end()) return false;
  it->pid = -1;
  counters_.worker_ended(index_of(*it));  // its open connections died with it
  counters_.set_processes(live());
  after_exit(*it, pid, status, now);
  return true;
}

void ServerGroup::after_exit(Worker& w, pid_t pid, int status, Deadline now) {
  bool clean = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::string what = named(w.label) + " " + describe_exit(status) + " (" + pid_text(pid) + ")";
  if (stopping_) {
    if (!clean) {
      failed_ = true;
      log().error(what);
    }
    return;
  }
  // Status 2 is a failed start (a plugin constructor threw): retried all the same, since
  // what it needed (a file, a peer) may well come back.
  auto delay = w.backoff.after_exit(now - w.started);
  w.restart_at = now + delay;
  log().error(what + "; restarting in " + config::format_duration(delay) +
              "; the other servers go on");
}

void ServerGroup::on_time(Deadline now) {
  if (stopping_) {
    if (!killed_ && live() > 0 && now >= kill_at_) kill_all();
    return;
  }
  for (auto& w : workers_)
    if (w.restart_at && *w.restart_at <= now) start_worker(w, now, true);
}

std::optional<Deadline> ServerGroup::next_deadline() const {
  if (stopping_) {
    if (killed_ || live() == 0) return std::nullopt;
    return kill_at_;
  }
  std::optional<Deadline> next;
  for (const auto& w : workers_)
    if (w.restart_at && (!next || *w.restart_at < *next)) next = w.restart_at;
  return next;
}

std::size_t ServerGroup::live() const {
  return std::size_t(
      std::count_if(workers_.begin(), workers_.end(), [](const Worker& w) { return w.pid > 0; }));
}

std::vector<pid_t> ServerGroup::pids() const {
  std::vector<pid_t> out;
  for (const auto& w : workers_)
    if (w.pid > 0) out.push_back(w.pid);
  return out;
}

std::vector<Endpoint> ServerGroup::bound_endpoints() const {
  std::vector<Endpoint> out;
  for (std::size_t i = 0; i < server_.config.listen.size(); ++i)
    out.push_back(i < listeners_.size() && listeners_[i].fd ? listeners_[i].endpoint
                                                            : server_.config.listen[i].endpoint);
  return out;
}

}  // namespace sockserv::launcher
