#pragma once
// One configured server under the supervisor: its listening socket and the processes that
// serve it (one, or `processes: N` workers sharing the socket), restarted when they die.

#include "core/counter_table.hpp"
#include "core/socket.hpp"
#include "launcher/backoff.hpp"
#include "launcher/listener.hpp"
#include "launcher/resolve.hpp"

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sockserv::launcher {

/// Extra time past a server's own drain deadline before its processes are killed.
inline constexpr Duration kill_grace = std::chrono::seconds(5);

/// Starts one process of a server: forks and, in the child, serves on `listen_fds` (one per
/// endpoint) with log lines tagged `label`, then _exits. Returns the child's pid, or -1 with
/// errno set. The supervisor gives it, because only it knows every listener a child must close.
using Spawn = std::function<pid_t(const ResolvedServer& server, const std::vector<int>& listen_fds,
                                  const std::string& label)>;

/// A server's listeners and worker processes. Called on the supervisor's one thread only;
/// it never waits: every later step (a restart, a kill) is a deadline the supervisor's
/// signal loop sleeps until (`next_deadline`) and then reports (`on_time`).
class ServerGroup {
 public:
  /// Takes the bound `listeners` (one per endpoint, in order); starts nothing yet.
  ServerGroup(ResolvedServer server, Listeners listeners, Spawn spawn);
  /// Closes the listeners it still has (removing the Unix socket files it made).
  ~ServerGroup();
  ServerGroup(const ServerGroup&) = delete;
  ServerGroup& operator=(const ServerGroup&) = delete;

  /// The server as configured.
  const ResolvedServer& server() const { return server_; }
  /// Its name in the config.
  const std::string& name() const { return server_.config.name; }
  /// The listening sockets' fds, in endpoint order; -1 for one handed to another group.
  std::vector<int> listen_fds() const;
  /// Gives away the listener of `endpoint` (to the group that replaces this one and listens
  /// there too); nullopt if this group has none for it.
  std::optional<core::ListeningSocket> take_listener(const Endpoint& endpoint);

  /// Starts every worker.
  void start(Deadline now);
  /// Asks every process to stop (SIGTERM) and cancels pending restarts; processes still
  /// running at shutdown_timeout + kill_grace are killed.
  void stop(Deadline now);
  /// Kills (SIGKILL) every process now.
  void kill_all();

  /// Handles the end of `pid` if it is one of ours (false otherwise): logs how it ended,
  /// and unless stopping, schedules its restart after a backoff.
  bool on_exit(pid_t pid, int status, Deadline now);
  /// Restarts what is due, kills what outlived the stop's deadline.
  void on_time(Deadline now);
  /// When on_time has something to do next; nullopt if nothing is scheduled.
  std::optional<Deadline> next_deadline() const;

  /// Processes running.
  std::size_t live() const;
  /// Their pids, in worker order.
  std::vector<pid_t> pids() const;
  /// Where it listens, as bound (the real port where port 0 was asked), in endpoint order;
  /// as configured for a listener handed to another group.
  std::vector<Endpoint> bound_endpoints() const;
  /// stop() was called.
  bool stopping() const { return stopping_; }
  /// Since stop(): a worker was down when it was called, or a process ended other than
  /// with status 0.
  bool failed() const { return failed_; }

 private:
  struct Worker {
    std::string label;  ///< "web", or "web#2" among several
    pid_t pid = -1;
    Deadline started{};
    std::optional<Deadline> restart_at;  ///< down, to be restarted then
    Backoff backoff;
  };

  void start_worker(Worker& w, Deadline now, bool restart);
  void after_exit(Worker& w, pid_t pid, int status, Deadline now);
  std::size_t index_of(const Worker& w) const { return std::size_t(&w - workers_.data()); }

  ResolvedServer server_;
  Listeners listeners_;
  Spawn spawn_;
  std::vector<Worker> workers_;
  core::CounterLease counters_;  ///< the workers' slots in the shared metrics table
  bool stopping_ = false;
  bool killed_ = false;  ///< SIGKILL sent: from then on only wait for the SIGCHLDs
  bool failed_ = false;
  Deadline kill_at_ = no_deadline;
};

/// "exited with status 2", "was killed by signal 9 (SIGKILL)": how a process ended.
std::string describe_exit(int status);

}  // namespace sockserv::launcher
