#pragma once
// One event loop run by one thread: the fibers of the coroutine policy on it, the
// descriptors they wait on (Poller), their deadlines (TimerHeap), and functions posted to
// it from other threads. Fibers are Boost.Context fibers on pooled, guard-paged stacks;
// a fiber only ever switches to the loop and the loop to a fiber.

#include "core/poller.hpp"
#include "core/stack_pool.hpp"
#include "core/timer_heap.hpp"

#include <boost/context/fiber.hpp>

#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <unordered_set>
#include <vector>

namespace sockserv::core {

class FiberTask;

/// Everything but post() is called from the loop's own thread.
class EventLoop {
 public:
  /// Fibers started on this loop get stacks of `stack_size` bytes.
  explicit EventLoop(std::size_t stack_size);
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  /// Starts `body` in a new fiber with its own FiberTask (current while it runs), on the
  /// loop's next turn.
  void spawn(std::function<void()> body);
  /// Runs `fn` on the loop's thread, outside any fiber, on its next turn. Any thread.
  void post(std::function<void()> fn);
  /// Runs fibers, posted functions and timers until no fiber is left and the loop is not held.
  void run();
  /// While held, run() keeps going without fibers (waiting for posted work).
  void hold(bool on) { held_ = on; }

  /// Wakes every fiber waiting on this loop so it re-reads the server's stop.
  void poke_all();

  // For FiberTask.
  Poller& poller() { return poller_; }
  TimerHeap& timers() { return timers_; }
  void add(FiberTask* task) { tasks_.insert(task); }
  void remove(FiberTask* task) { tasks_.erase(task); }
  /// Switches from `task`'s fiber to the loop; returns when the loop resumes it.
  void suspend(FiberTask& task);
  /// Queues a suspended `task` to be resumed on this turn of the loop.
  void make_ready(FiberTask& task) { ready_.push_back(&task); }
  /// Wakes the tasks whose waits `fd` was on and lets go of `fd` (before it is closed).
  void forget(int fd);

 private:
  void run_ready();
  void resume(boost::context::fiber&& fiber);
  void wait_for_events();
  void wake_woken();
  void run_posted();
  void expire_timers();
  int poll_timeout() const;

  StackPool stacks_;  // before the fibers: their stacks return to it
  Poller poller_;
  TimerHeap timers_;
  int wakeup_fd_;
  std::vector<boost::context::fiber> starting_;
  std::vector<boost::context::fiber> starting_now_;  ///< the turn's batch of starting_
  std::deque<FiberTask*> ready_;
  std::vector<Poller::Waiter*> woken_;
  FiberTask* suspending_ = nullptr;  ///< the task whose fiber just switched to the loop
  std::size_t alive_ = 0;            ///< fibers started and not ended
  bool held_ = false;
  std::unordered_set<FiberTask*> tasks_;
  std::mutex posted_mutex_;
  std::vector<std::function<void()>> posted_;
  std::vector<std::function<void()>> posted_now_;  ///< the batch being run, loop thread only
};

}  // namespace sockserv::core
