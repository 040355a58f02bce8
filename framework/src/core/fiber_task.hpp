#pragma once
// The Task of a request running in a fiber: a wait suspends the fiber, not the thread.

#include "core/event_loop.hpp"

#include <sockserv/task.hpp>

#include <boost/context/fiber.hpp>

namespace sockserv::core {

/// Lives on its fiber's stack for the fiber's whole life.
class FiberTask final : public Task {
 public:
  /// `loop_context` is the loop that started this fiber.
  FiberTask(EventLoop& loop, boost::context::fiber&& loop_context);
  ~FiberTask() override;

  bool wait(int fd, Readiness what, Deadline deadline) override;
  void sleep_until(Deadline deadline) override;
  void release(int fd) noexcept override;
  void start_sibling(std::function<void()> body) override;

  /// Interrupts the current wait, so it recomputes its limit from the server's stop.
  void poke() { wake(Wake::poked); }

  /// Why a suspended task was resumed.
  enum class Wake { none, ready, timed_out, poked };
  /// Makes this task runnable if it is suspended and not woken yet; from the loop.
  void wake(Wake why);

  /// Hands the loop's context back to the fiber's entry function as the task ends.
  boost::context::fiber leave() { return std::move(loop_context_); }

 private:
  friend class EventLoop;

  Deadline limit(Deadline deadline) const;
  /// Suspends until woken or `until`; says why it woke.
  Wake block(Deadline until);
  /// After a wait ended in a timeout: CancelledError if that was the drain deadline.
  void check_drain_deadline(Deadline requested) const;

  EventLoop& loop_;
  boost::context::fiber loop_context_;  ///< the loop, while this fiber runs
  boost::context::fiber self_;          ///< this fiber, while it is suspended
  Poller::Waiter waiter_;
  TimerNode timer_;
  bool blocked_ = false;
  Wake wake_ = Wake::none;
};

}  // namespace sockserv::core
