#pragma once
// The Task of a request running in a fiber: a wait suspends the fiber, not the thread.

#include "core/event_loop.hpp"

#include <sockserv/task.hpp>

#include <boost/asio/spawn.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <memory>

namespace sockserv::core {

/// Lives on its fiber's stack for the fiber's whole life.
class FiberTask final : public Task {
 public:
  FiberTask(EventLoop& loop, boost::asio::yield_context yield);
  ~FiberTask() override;

  bool wait(int fd, Readiness what, Deadline deadline) override;
  void sleep_until(Deadline deadline) override;
  void release(int fd) noexcept override;
  void start_sibling(std::function<void()> body) override;

  /// Interrupts the current wait, so it recomputes its limit from the server's stop.
  void poke();

 private:
  /// What a timer handler needs to know after the fact: is its wait still the current one?
  struct Shared {
    std::uint64_t generation = 0;
    bool timed_out = false;
  };

  Deadline limit(Deadline deadline) const;
  void arm_timer(Deadline limit, int fd);
  void resumed();

  EventLoop& loop_;
  boost::asio::yield_context yield_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
  int waiting_fd_ = -1;  ///< the fd of the current wait, -1 in a sleep
};

}  // namespace sockserv::core
