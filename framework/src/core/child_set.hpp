#pragma once
// The forked children of a forking policy, each watched through a pidfd so it is reaped
// the moment it exits: no SIGCHLD handler, no polling interval, no zombies.

#include <sockserv/address.hpp>
#include <sockserv/log.hpp>
#include <sockserv/time.hpp>

#include <poll.h>
#include <sys/types.h>

#include <memory>
#include <span>
#include <vector>

namespace sockserv::core {

/// Live children and how each one ends. Used only from the thread that forks them.
class ChildSet {
 public:
  /// Logs how children end (crashes, non-zero exits) to `log`.
  explicit ChildSet(std::shared_ptr<Logger> log);
  /// Closes the pidfds; does not wait (the owner reaps or terminates first).
  ~ChildSet();
  ChildSet(const ChildSet&) = delete;
  ChildSet& operator=(const ChildSet&) = delete;

  /// Children not yet reaped.
  std::size_t size() const noexcept { return children_.size(); }
  /// Starts watching `pid`, which serves `peer`; `ticket` (the request's admission slot)
  /// is held until the child is reaped. Without a pidfd (kernel < 5.3, out of
  /// descriptors) it waits for the child here instead, so none is left a zombie.
  void add(pid_t pid, const Address& peer, std::shared_ptr<void> ticket);
  /// Appends one POLLIN entry per child, in order, for reap_ready().
  void append_pollfds(std::vector<pollfd>& fds) const;
  /// Reaps the children whose entries (as appended, same order, nothing added since)
  /// report readiness.
  void reap_ready(std::span<const pollfd> fds);
  /// Reaps children as they exit until at most `at_most` remain (true) or `deadline`
  /// passes (false).
  bool wait(Deadline deadline, std::size_t at_most);
  /// Sends `signal` to every child; their ends are then logged as expected.
  void signal_all(int signal) noexcept;
  /// In a new child: closes the inherited pidfds of its siblings, which no exec would,
  /// one close_range(2) per run of consecutive descriptors.
  void close_in_child() const noexcept;

 private:
  struct Child {
    pid_t pid;
    int pidfd;
    Address peer;                  ///< formatted only if its end is logged
    std::shared_ptr<void> ticket;  ///< counts against the server's limits while it runs
  };
  bool reap(Child& child);
  void report(const Child& child, int status) const;

  std::shared_ptr<Logger> log_;
  std::vector<Child> children_;
  bool terminating_ = false;
};

}  // namespace sockserv::core
