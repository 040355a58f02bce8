#include "core/timer_heap.hpp"

namespace sockserv::core {

void TimerHeap::add(TimerNode& node) {
  nodes_.push_back(&node);
  node.index = nodes_.size() - 1;
  sift_up(node.index);
}

void TimerHeap::remove(TimerNode& node) noexcept {
  if (node.index == TimerNode::absent) return;
  std::size_t i = node.index;
  node.index = TimerNode::absent;
  TimerNode* last = nodes_.back();
  nodes_.pop_back();
  if (last == &node) return;
  place(i, last);
  // The node moved into the hole may belong above or below it.
  sift_up(i);
  sift_down(last->index);
}

void TimerHeap::place(std::size_t i, TimerNode* node) noexcept {
  nodes_[i] = node;
  node->index = i;
}

void TimerHeap::sift_up(std::size_t i) noexcept {
  TimerNode* node = nodes_[i];
  while (i > 0) {
    std::size_t parent = (i - 1) / 2;
    if (!(node->at < nodes_[parent]->at)) break;
    place(i, nodes_[parent]);
    i = parent;
  }
  place(i, node);
}

void TimerHeap::sift_down(std::size_t i) noexcept {
  TimerNode* node = nodes_[i];
  const std::size_t n = nodes_.size();
  for (;;) {
    std::size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && nodes_[child + 1]->at < nodes_[child]->at) ++child;
    if (!(nodes_[child]->at < node->at)) break;
    place(i, nodes_[child]);
    i = child;
  }
  place(i, node);
}

}  // namespace sockserv::core
