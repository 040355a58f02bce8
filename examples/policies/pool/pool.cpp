// pool: a concurrency policy shipped as a shared library. A fixed set of worker threads
// runs requests taken from a bounded queue. When the queue is full, process_request waits,
// so the serving thread stops accepting and new clients wait in the kernel's backlog:
// back-pressure, and no connection is dropped.
#include <sockserv/policy.hpp>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace {

/// `workers` threads, each running one request at a time, fed by a queue of `queue`.
class PoolPolicy final : public sockserv::Policy {
 public:
  /// Starts the workers. If one cannot start, the vector's destructor stops and joins
  /// those already running, and the error reaches the framework ("failed to start").
  explicit PoolPolicy(const sockserv::PolicyContext& context)
      : capacity_(std::size_t(context.options.get_int("queue"))) {
    auto count = std::size_t(context.options.get_int("workers"));
    workers_.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
      workers_.emplace_back([this](std::stop_token stop) { work(stop); });
  }

  /// Stops and joins every worker. A worker finishes the request it is running first;
  /// requests still queued are destroyed unrun, which closes their connections.
  ~PoolPolicy() override {
    for (auto& worker : workers_) worker.request_stop();  // all at once, then join each
    workers_.clear();
  }

  /// What `sockserv plugins` shows, and the options `policy:` accepts.
  static sockserv::PolicyInfo info() {
    using sockserv::OptionType;
    return {"pool",
            "1.0.0",
            "a fixed pool of worker threads fed by a bounded queue",
            {{"workers", OptionType::integer, "4", "worker threads, each running one request",
              "1", "1024"},
             {"queue", OptionType::integer, "64",
              "requests waiting for a worker; when full, accepting waits", "1"}}};
  }

  /// Called on the serving thread. Blocks while the queue is full.
  void process_request(sockserv::Request request) override {
    std::unique_lock lock(mutex_);
    space_.wait(lock, [&] { return queue_.size() < capacity_; });
    queue_.push_back(std::move(request));
    work_.notify_one();
  }

  /// True once the queue is empty and no worker runs a request; false at `deadline`.
  bool wait_idle(sockserv::Deadline deadline) override {
    std::unique_lock lock(mutex_);
    auto idle = [&] { return queue_.empty() && busy_ == 0; };
    if (deadline == sockserv::no_deadline) {  // wait_until(time_point::max()) may overflow
      idle_.wait(lock, idle);
      return true;
    }
    return idle_.wait_until(lock, deadline, idle);
  }

 private:
  /// One worker's loop: the oldest request, run, until this worker's stop is requested.
  void work(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    // The stop_token overload wakes the wait when the destructor requests the stop; it
    // returns true if work is queued even then, hence the second test.
    while (work_.wait(lock, stop, [&] { return !queue_.empty(); }) && !stop.stop_requested()) {
      {
        sockserv::Request request = std::move(queue_.front());
        queue_.pop_front();
        ++busy_;
        space_.notify_one();
        lock.unlock();
        // A thread needs no Task of its own: its waits block it in poll(2) and are
        // cancelled at the drain deadline. run() catches what the handler throws.
        request.run();
      }
      lock.lock();
      if (--busy_ == 0 && queue_.empty()) idle_.notify_all();
    }
  }

  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable_any work_;  ///< workers: a request was queued
  std::condition_variable space_;     ///< process_request: the queue has room
  std::condition_variable idle_;      ///< wait_idle: nothing queued or running
  std::deque<sockserv::Request> queue_;
  std::size_t busy_ = 0;              ///< workers running a request
  // Last, so it is destroyed (workers joined) before everything they use.
  std::vector<std::jthread> workers_;
};

}  // namespace

SOCKSERV_POLICY(PoolPolicy)
