#pragma once
// One Asio io_context run by one thread (Asio's server2 layout), with the bookkeeping the
// fibers on it share: descriptors registered with its epoll, and the live fiber tasks.

#include "core/stack_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

namespace sockserv::core {

class FiberTask;

/// An event loop. Everything but post() must be called from the loop's own thread.
class EventLoop {
 public:
  /// Fibers started on this loop get stacks of `stack_size` bytes.
  explicit EventLoop(std::size_t stack_size);
  /// Lets go of every registered descriptor without closing it (their owners close them).
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  boost::asio::io_context& io() { return io_; }

  /// Starts `body` in a new fiber with its own FiberTask (current while it runs). From the
  /// loop's thread; post() to it from elsewhere.
  void spawn(std::function<void()> body);

  /// The descriptor registered for `fd`, registering it on first use. Registered once per
  /// loop, so several fibers (a handler and its siblings) can wait on one socket.
  boost::asio::posix::stream_descriptor& descriptor(int fd);
  /// The registered descriptor for `fd`, or null.
  boost::asio::posix::stream_descriptor* find(int fd);
  /// Unregisters `fd` without closing it.
  void forget(int fd) noexcept;

  /// Fiber tasks alive on this loop, so a stop can wake every one of them.
  void add(FiberTask* task) { tasks_.insert(task); }
  void remove(FiberTask* task) { tasks_.erase(task); }
  /// Wakes every fiber waiting on this loop so it re-reads the server's stop.
  void poke_all();

 private:
  StackPool stacks_;  // before io_: fibers destroyed with io_ hand their stacks back
  boost::asio::io_context io_;
  std::unordered_map<int, std::unique_ptr<boost::asio::posix::stream_descriptor>> descriptors_;
  std::unordered_set<FiberTask*> tasks_;
};

}  // namespace sockserv::core
