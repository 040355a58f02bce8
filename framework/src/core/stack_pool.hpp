#pragma once
// Fiber stacks kept for reuse by one event loop. A guard-paged stack costs mmap, mprotect
// and munmap; a fiber per datagram or per short connection would pay them every time.

#include <boost/context/stack_context.hpp>

#include <cstddef>
#include <vector>

namespace sockserv::core {

/// Guard-paged stacks of one size, up to `max_kept` of them kept after their fiber ended.
/// Used from its loop's thread only.
class StackPool {
 public:
  StackPool(std::size_t stack_size, std::size_t max_kept);
  /// Unmaps the kept stacks; stacks still in use must have been returned first.
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  /// A kept stack, or a new one (protected_fixedsize_stack: the guard page faults on overflow).
  boost::context::stack_context allocate();
  /// Keeps `sc` for the next fiber, or unmaps it once `max_kept` are kept.
  void deallocate(boost::context::stack_context& sc) noexcept;

 private:
  std::size_t stack_size_;
  std::size_t max_kept_;
  std::vector<boost::context::stack_context> kept_;
};

/// The StackAllocator asio::spawn takes by value: a handle on a loop's pool.
class PooledStack {
 public:
  explicit PooledStack(StackPool& pool) noexcept : pool_(&pool) {}
  boost::context::stack_context allocate() { return pool_->allocate(); }
  void deallocate(boost::context::stack_context& sc) noexcept { pool_->deallocate(sc); }

 private:
  StackPool* pool_;
};

}  // namespace sockserv::core
