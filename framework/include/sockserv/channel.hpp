#pragma once
/// @file channel.hpp
/// A bounded, closable queue between tasks: threads, fibers, or both.

#include <sockserv/time.hpp>
#include <sockserv/wait_list.hpp>

#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace sockserv {

/// Like a Go channel with a buffer: push() blocks while full, pop() while empty — blocking
/// only the current task. close() wakes everyone: pushes fail, pops drain what is left,
/// then return nullopt. Thread-safe. (Processes do not share one: under forking, each
/// child has its own copy.)
template <class T>
class Channel {
 public:
  /// A channel holding at most `capacity` (at least 1) values.
  explicit Channel(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0) throw std::invalid_argument("Channel capacity must be at least 1");
  }
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  /// Waits for room, then adds `value`. False if the channel is (or becomes) closed, or
  /// `timeout` (zero: none) passes; the value is then dropped.
  bool push(T value, Duration timeout = Duration::zero()) {
    Deadline deadline = deadline_after(timeout);
    std::unique_lock lock(mutex_);
    while (!closed_ && queue_.size() >= capacity_)
      if (!not_full_.wait(lock, deadline) && Clock::now() >= deadline) return false;
    if (closed_) return false;
    queue_.push_back(std::move(value));
    not_empty_.wake_one();
    return true;
  }

  /// Adds `value` if there is room now.
  bool try_push(T value) {
    std::lock_guard lock(mutex_);
    if (closed_ || queue_.size() >= capacity_) return false;
    queue_.push_back(std::move(value));
    not_empty_.wake_one();
    return true;
  }

  /// Waits for a value. nullopt once closed and empty, or when `timeout` (zero: none) passes.
  std::optional<T> pop(Duration timeout = Duration::zero()) {
    Deadline deadline = deadline_after(timeout);
    std::unique_lock lock(mutex_);
    while (!closed_ && queue_.empty())
      if (!not_empty_.wait(lock, deadline) && Clock::now() >= deadline) return std::nullopt;
    return take();
  }

  /// A value if one is there now.
  std::optional<T> try_pop() {
    std::lock_guard lock(mutex_);
    return take();
  }

  /// Closes the channel and wakes every waiting task.
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_full_.wake_all();
    not_empty_.wake_all();
  }

  /// True once closed.
  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }
  /// Values waiting.
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
  }

 private:
  std::optional<T> take() {
    if (queue_.empty()) return std::nullopt;
    std::optional<T> value(std::move(queue_.front()));
    queue_.pop_front();
    not_full_.wake_one();
    return value;
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<T> queue_;
  bool closed_ = false;
  WaitList not_full_;
  WaitList not_empty_;
};

}  // namespace sockserv
