// The coroutine loop's deadlines: soonest first, and any one removable in place.
#include "core/timer_heap.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace sockserv::core {
namespace {

Deadline at(int ms) { return Deadline{} + std::chrono::milliseconds(ms); }

std::vector<int> drain(TimerHeap& heap) {
  std::vector<int> order;
  while (TimerNode* top = heap.top()) {
    order.push_back(int(std::chrono::duration_cast<std::chrono::milliseconds>(
                            top->at.time_since_epoch()).count()));
    heap.remove(*top);
    EXPECT_EQ(top->index, TimerNode::absent);
  }
  return order;
}

TEST(TimerHeap, GivesDeadlinesSoonestFirst) {
  std::vector<int> values = {50, 10, 40, 10, 30, 20, 0, 60};
  std::vector<TimerNode> nodes(values.size());
  TimerHeap heap;
  for (std::size_t i = 0; i < values.size(); ++i) {
    nodes[i].at = at(values[i]);
    heap.add(nodes[i]);
  }
  std::sort(values.begin(), values.end());
  EXPECT_EQ(drain(heap), values);
  EXPECT_EQ(heap.top(), nullptr);
}

TEST(TimerHeap, RemovesAnyNodeAndKeepsTheRestInOrder) {
  std::mt19937 random(7);
  std::vector<TimerNode> nodes(200);
  TimerHeap heap;
  std::vector<int> kept;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].at = at(int(random() % 1000));
    heap.add(nodes[i]);
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (i % 3 == 0) {
      heap.remove(nodes[i]);
      EXPECT_EQ(nodes[i].index, TimerNode::absent);
    } else {
      kept.push_back(int(std::chrono::duration_cast<std::chrono::milliseconds>(
                             nodes[i].at.time_since_epoch()).count()));
    }
  }
  EXPECT_EQ(heap.size(), kept.size());
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(drain(heap), kept);
}

TEST(TimerHeap, RemovingANodeThatIsNotInIsHarmless) {
  TimerHeap heap;
  TimerNode in, out;
  in.at = at(5);
  heap.add(in);
  heap.remove(out);
  heap.remove(in);
  heap.remove(in);
  EXPECT_EQ(heap.size(), 0u);
}

}  // namespace
}  // namespace sockserv::core
