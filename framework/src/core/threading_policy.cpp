#include <sockserv/policies.hpp>

#include <condition_variable>
#include <system_error>
#include <mutex>
#include <thread>

namespace sockserv {
namespace {

/// ThreadingMixIn: a thread per request. With a cap, process_request waits for a free
/// slot, so excess connections queue in the kernel's backlog instead of being dropped.
class ThreadingPolicy final : public Policy {
 public:
  explicit ThreadingPolicy(std::size_t max_threads) : max_threads_(max_threads) {}
  ~ThreadingPolicy() override { wait_idle(no_deadline); }

  void process_request(Request request) override {
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return max_threads_ == 0 || active_ < max_threads_; });
      ++active_;
    }
    // Shared, so that if the thread cannot start the request is still ours to run.
    auto shared = std::make_shared<Request>(std::move(request));
    auto body = [this, shared] {
      shared->run();
      finished();  // last touch of `this`: wait_idle's caller may destroy us after
    };
    try {
      std::thread(body).detach();
    } catch (const std::system_error&) {
      body();  // out of threads: serve this one inline; accepting resumes after
    }
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
  void finished() {
    std::lock_guard lock(mutex_);
    --active_;
    changed_.notify_all();
  }

  const std::size_t max_threads_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t active_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_threading_policy(std::size_t max_threads) {
  return std::make_unique<ThreadingPolicy>(max_threads);
}

}  // namespace sockserv
