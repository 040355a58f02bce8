#include "core/event_loop.hpp"

#include "core/fiber_task.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/spawn.hpp>

#include <vector>

namespace sockserv::core {

namespace {
// Stacks kept per loop for reuse. Enough to absorb bursts of short requests without
// mmap/munmap; each kept stack holds at most the pages its last fiber touched.
constexpr std::size_t kept_stacks = 64;
}  // namespace

EventLoop::EventLoop(std::size_t stack_size) : stacks_(stack_size, kept_stacks), io_(1) {}

void EventLoop::spawn(std::function<void()> body) {
  // Guard-paged stacks: an overflow faults at once instead of corrupting a neighbour.
  boost::asio::spawn(
      io_, std::allocator_arg, PooledStack(stacks_),
      [this, body = std::move(body)](boost::asio::yield_context yield) {
        FiberTask task(*this, yield);
        body();
      },
      boost::asio::detached);
}

EventLoop::~EventLoop() {
  for (auto& [fd, d] : descriptors_) d->release();
}

boost::asio::posix::stream_descriptor& EventLoop::descriptor(int fd) {
  auto& slot = descriptors_[fd];
  if (!slot) slot = std::make_unique<boost::asio::posix::stream_descriptor>(io_, fd);
  return *slot;
}

boost::asio::posix::stream_descriptor* EventLoop::find(int fd) {
  auto it = descriptors_.find(fd);
  return it == descriptors_.end() ? nullptr : it->second.get();
}

void EventLoop::forget(int fd) noexcept {
  auto it = descriptors_.find(fd);
  if (it == descriptors_.end()) return;
  it->second->release();
  descriptors_.erase(it);
}

void EventLoop::poke_all() {
  std::vector<FiberTask*> tasks(tasks_.begin(), tasks_.end());  // poking may end a fiber
  for (FiberTask* t : tasks)
    if (tasks_.count(t)) t->poke();
}

}  // namespace sockserv::core
