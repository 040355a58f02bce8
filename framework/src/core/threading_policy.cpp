#include "core/detached_thread.hpp"

#include <sockserv/policies.hpp>

#include <semaphore.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace sockserv {
namespace {

/// ThreadingMixIn: a thread per running request. With a cap, process_request waits for a
/// free slot, so excess connections queue in the kernel's backlog instead of being dropped.
/// A thread whose request ended parks for a while (up to `idle_threads` of them) and takes
/// the next request, so short requests and datagrams do not each pay for a new thread.
class ThreadingPolicy final : public Policy {
 public:
  explicit ThreadingPolicy(const ThreadingOptions& options) : options_(options) {}

  ~ThreadingPolicy() override {
    wait_idle(no_deadline);
    std::unique_lock lock(mutex_);
    stopping_ = true;
    for (Worker* parked : std::exchange(parked_, {})) parked->post();
    changed_.wait(lock, [&] { return threads_ == 0; });  // parked threads touch `this`
  }

  void process_request(Request request) override {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return options_.max_threads == 0 || active_ < options_.max_threads;
    });
    ++active_;
    if (!parked_.empty()) {  // the most recently parked thread: its stack is warm
      Worker* worker = parked_.back();
      parked_.pop_back();
      worker->next.emplace(std::move(request));
      lock.unlock();
      // Outside the lock, so the woken thread does not wait for it. The worker is off the
      // parked list: it waits for this post before it may end, so it is still there.
      worker->post();
      return;
    }
    ++threads_;
    lock.unlock();
    start_thread(std::move(request));
  }

  bool wait_idle(Deadline deadline) override {
    std::unique_lock lock(mutex_);
    auto idle = [&] { return active_ == 0; };
    if (deadline == no_deadline) {
      changed_.wait(lock, idle);
      return true;
    }
    return changed_.wait_until(lock, deadline, idle);
  }

 private:
  /// A parked thread: woken alone, by a post of its own semaphore, with its next request
  /// (or none when the policy is going away). glibc's sem_post is safe against the waiter
  /// returning and destroying the semaphore at once, which a condition variable is not.
  struct Worker {
    sem_t woken;
    std::optional<Request> next;
    Worker() { ::sem_init(&woken, 0, 0); }
    ~Worker() { ::sem_destroy(&woken); }
    void post() { ::sem_post(&woken); }
    /// Waits for post() until `until`; false if it did not come.
    bool wait_until(std::chrono::steady_clock::time_point until) {
      auto since_epoch = until.time_since_epoch();
      auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
      timespec ts{time_t(secs.count()), long((since_epoch - secs).count())};
      for (;;) {
        if (::sem_clockwait(&woken, CLOCK_MONOTONIC, &ts) == 0) return true;
        if (errno != EINTR) return false;
      }
    }
    void wait() {
      while (::sem_wait(&woken) != 0) {
      }
    }
  };
  /// What a new thread starts with.
  struct Start {
    ThreadingPolicy* policy;
    Request request;
  };

  void start_thread(Request request) {
    auto* start = new Start{this, std::move(request)};
    if (core::start_detached_thread(options_.stack_size, &thread_main, start)) return;
    // Out of threads: serve this one inline; accepting resumes after.
    Request inline_request = std::move(start->request);
    delete start;
    {
      std::lock_guard lock(mutex_);
      --threads_;
    }
    inline_request.run();
    request_ended_inline();
  }

  static void* thread_main(void* arg) {
    std::unique_ptr<Start> start(static_cast<Start*>(arg));
    ThreadingPolicy* policy = start->policy;
    std::optional<Request> request(std::move(start->request));
    start.reset();
    Worker self;
    while (request) {
      request->run();
      request.reset();
      request = policy->next_request(self);  // nullopt: `policy` is no longer ours to touch
    }
    return nullptr;
  }

  /// Ends the calling thread's request, then parks it for the next one. The request ends
  /// and the thread parks under one lock, so once wait_idle sees no request running, the
  /// next request finds this thread parked. Returns nullopt when the thread should end.
  std::optional<Request> next_request(Worker& self) {
    std::unique_lock lock(mutex_);
    --active_;
    changed_.notify_all();
    if (!stopping_ && parked_.size() < options_.idle_threads) {
      parked_.push_back(&self);
      lock.unlock();
      if (!self.wait_until(std::chrono::steady_clock::now() + options_.idle_timeout)) {
        lock.lock();
        if (auto it = std::find(parked_.begin(), parked_.end(), &self); it != parked_.end()) {
          parked_.erase(it);  // timed out, and nobody took us meanwhile: end
          return end_thread(lock);
        }
        lock.unlock();
        self.wait();  // taken off the list just now: the post is on its way
      }
      // The post orders the poster's writes before this read.
      if (self.next) return std::exchange(self.next, std::nullopt);
      lock.lock();  // posted with no request: the policy is going away
    }
    return end_thread(lock);
  }

  std::nullopt_t end_thread(std::unique_lock<std::mutex>& lock) {
    if (!lock.owns_lock()) lock.lock();
    --threads_;
    changed_.notify_all();  // the last touch of `this`: the destructor may run after
    return std::nullopt;
  }

  void request_ended_inline() {
    std::lock_guard lock(mutex_);
    --active_;
    changed_.notify_all();
  }

  const ThreadingOptions options_;
  std::mutex mutex_;
  std::condition_variable changed_;  ///< active_ or threads_ went down
  std::size_t active_ = 0;           ///< requests running
  std::size_t threads_ = 0;          ///< threads alive, running or parked
  std::vector<Worker*> parked_;      ///< threads waiting for a request, oldest first
  bool stopping_ = false;            ///< the destructor runs: parked threads end
};

}  // namespace

std::unique_ptr<Policy> make_threading_policy(const ThreadingOptions& options) {
  return std::make_unique<ThreadingPolicy>(options);
}

std::unique_ptr<Policy> make_threading_policy(std::size_t max_threads) {
  return make_threading_policy(ThreadingOptions{.max_threads = max_threads});
}

}  // namespace sockserv
