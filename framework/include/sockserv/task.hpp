#pragma once
/// @file task.hpp
/// Where a request runs, and so how its blocking calls wait.
///
/// Every blocking SDK call (Stream reads and writes, sleep_for) ends in Task::current().
/// On a thread — serial, threading, forking, or any thread a policy starts — the current
/// task is the thread's own blocking task: waits block the thread in poll(2). A policy that
/// runs many requests on one thread (fibers on an event loop) installs its own Task around
/// each request with Task::Scope, and its waits suspend only that request.
///
/// Contract for a policy author implementing Task:
///  - wait() and sleep_until() are called only from the request the task belongs to.
///  - wait() returns true when `fd` may be ready (spurious wake-ups are allowed: callers
///    retry the system call), false when `deadline` passed.
///  - Both must honour the server's stop: when Stop::requested() and its drain deadline
///    passes, they throw CancelledError, so every request ends by the drain deadline.

#include <sockserv/api.hpp>
#include <sockserv/time.hpp>

#include <functional>
#include <memory>
#include <vector>

namespace sockserv {

class Stop;
namespace detail {
struct SiblingState;
}

/// Puts one task to sleep until another task — on any thread, in any policy — wakes it.
/// Made by Task::parker(); the building block of Channel, Event and joining a spawn.
class SOCKSERV_API Parker {
 public:
  virtual ~Parker();
  /// Blocks the owning task until unpark() or `deadline`; true if unparked. An unpark()
  /// that came while the task was not parked is kept (one permit) and consumed here.
  /// Honours the server's stop like Task::wait (CancelledError at the drain deadline).
  virtual bool park(Deadline deadline) = 0;
  /// Wakes the owning task, or lets its next park() return at once. Any thread.
  virtual void unpark() noexcept = 0;
};

/// What a blocking call waits for on a file descriptor.
enum class Readiness { readable, writable };

/// The execution context of one request: decides what "block" means.
class SOCKSERV_API Task {
 public:
  virtual ~Task();

  /// Blocks this task until `fd` is ready as asked or `deadline` passes (then false).
  virtual bool wait(int fd, Readiness what, Deadline deadline) = 0;
  /// Blocks this task until `deadline`.
  virtual void sleep_until(Deadline deadline) = 0;
  /// This task's parker (one per task, made on first use): an eventfd the task waits on
  /// with wait(), so it works for any Task whose wait() works.
  virtual std::shared_ptr<Parker> parker();
  /// Starts `body` as a new task beside this one, the way this policy runs tasks (a thread,
  /// a fiber on the same loop). The new task inherits this task's stop. Used by spawn().
  virtual void start_sibling(std::function<void()> body) = 0;

  /// Called just before `fd` is closed, so a task that registered it with an event loop
  /// can let go of it first. Default: nothing.
  virtual void release(int fd) noexcept;

  /// The stop of the server whose request runs in this task, or null; the framework sets it
  /// around each request so waits can honour the drain deadline.
  const Stop* stop() const noexcept { return stop_; }
  /// Sets what stop() returns; returns the previous value so it can be restored.
  const Stop* set_stop(const Stop* stop) noexcept {
    const Stop* previous = stop_;
    stop_ = stop;
    return previous;
  }

  /// The task the calling code runs in: the installed one, else this thread's blocking task.
  static Task& current() noexcept;

  /// Installs a task as current on this thread for its lifetime (restoring the previous).
  /// For a task that runs a whole request on one thread without switching.
  class SOCKSERV_API Scope {
   public:
    /// Makes `task` current.
    explicit Scope(Task& task) noexcept;
    /// Restores the previous task.
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Task* previous_;
  };

  /// Joins every sibling this task spawned, ignoring the server's stop (siblings are
  /// cancelled on their own), and rethrows the first error that escaped one. The framework
  /// calls it when a request's handler is done, before the connection closes.
  void join_siblings();
  /// Records a sibling spawned from this task, for join_siblings(). Used by spawn().
  void adopt_sibling(std::shared_ptr<detail::SiblingState> sibling);

 protected:
  /// The parker's eventfd, or -1 if none was made: a task that registers fds with an event
  /// loop must release() it when the task ends.
  int parker_fd() const noexcept;

  /// Makes `task` (or, with null, the thread's own blocking task) current on this thread.
  /// A task that switches between requests on one thread (a fiber) calls it each time it
  /// resumes, since another request's task was current while it was suspended.
  static void make_current(Task* task) noexcept;

 private:
  const Stop* stop_ = nullptr;
  std::shared_ptr<Parker> parker_;
  std::vector<std::shared_ptr<detail::SiblingState>> siblings_;
};

/// Blocks the current task for `d`; under the coroutine policy only this request waits.
SOCKSERV_API void sleep_for(Duration d);

}  // namespace sockserv
