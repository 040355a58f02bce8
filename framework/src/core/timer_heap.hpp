#pragma once
// The deadlines of one event loop's waiting fibers, soonest first. A fiber waits with a
// deadline on almost every read (the idle timeout) and almost always wakes before it, so
// removing a deadline must be as cheap as adding one: an indexed binary heap, no garbage.

#include <sockserv/time.hpp>

#include <cstddef>
#include <vector>

namespace sockserv::core {

/// A deadline that is in at most one TimerHeap at a time; embedded in its owner.
struct TimerNode {
  static constexpr std::size_t absent = static_cast<std::size_t>(-1);
  Deadline at{};
  std::size_t index = absent;  ///< position in the heap, or absent
  void* owner = nullptr;       ///< what the deadline belongs to
};

class TimerHeap {
 public:
  /// Adds `node` (not in any heap) with its deadline `node.at`.
  void add(TimerNode& node);
  /// Takes `node` out; nothing if it is not in.
  void remove(TimerNode& node) noexcept;
  /// The soonest deadline's node, or null when empty.
  TimerNode* top() const noexcept { return nodes_.empty() ? nullptr : nodes_.front(); }
  std::size_t size() const noexcept { return nodes_.size(); }

 private:
  void place(std::size_t i, TimerNode* node) noexcept;
  void sift_up(std::size_t i) noexcept;
  void sift_down(std::size_t i) noexcept;

  std::vector<TimerNode*> nodes_;
};

}  // namespace sockserv::core
