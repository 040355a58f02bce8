#include "core/stack_pool.hpp"

#include <boost/context/protected_fixedsize_stack.hpp>

namespace sockserv::core {

StackPool::StackPool(std::size_t stack_size, std::size_t max_kept)
    : stack_size_(stack_size), max_kept_(max_kept) {
  kept_.reserve(max_kept);  // deallocate() must not throw
}

StackPool::~StackPool() {
  boost::context::protected_fixedsize_stack unmap(stack_size_);
  for (auto& sc : kept_) unmap.deallocate(sc);
}

boost::context::stack_context StackPool::allocate() {
  if (kept_.empty()) return boost::context::protected_fixedsize_stack(stack_size_).allocate();
  boost::context::stack_context sc = kept_.back();
  kept_.pop_back();
  return sc;
}

void StackPool::deallocate(boost::context::stack_context& sc) noexcept {
  // A kept stack keeps the pages its last fiber touched: the bound caps that memory.
  if (kept_.size() < max_kept_) return kept_.push_back(sc);
  boost::context::protected_fixedsize_stack(stack_size_).deallocate(sc);
}

}  // namespace sockserv::core
