#include "core/event_loop.hpp"
#include "core/fiber_task.hpp"

#include <sockserv/policies.hpp>
#include <sockserv/stop.hpp>

#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/spawn.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>

#include <thread>
#include <vector>

namespace sockserv {
namespace {
namespace asio = boost::asio;
using core::EventLoop;
using core::FiberTask;

/// gevent-like: `threads` event loops (one io_context and thread each), a fiber per
/// request. Loop 0 runs on the serving thread and accepts; requests are spread round-robin.
class CoroutinePolicy final : public Policy {
 public:
  CoroutinePolicy(std::size_t threads, std::size_t stack_size)
      : loops_(threads == 0 ? default_threads() : threads) {
    for (auto& loop : loops_) loop = std::make_unique<EventLoop>(stack_size);
  }

  void serve(Acceptor& acceptor) override {
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < loops_.size(); ++i) {
      guards.push_back(asio::make_work_guard(loops_[i]->io()));
      threads.emplace_back([loop = loops_[i].get()] { loop->io().run(); });
    }
    watch_stop(acceptor.stop());
    loops_[0]->spawn([this, &acceptor] { accept_loop(acceptor); });
    // The loops run until their last fiber ends: serving drains here, and waits that
    // outlive the drain deadline are cancelled by the stop's poke.
    loops_[0]->io().run();
    guards.clear();
    for (auto& t : threads) t.join();
  }

  void process_request(Request request) override { dispatch(std::move(request)); }
  bool wait_idle(Deadline) override { return true; }  // serve() returned: every fiber ended

 private:
  static std::size_t default_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  void accept_loop(Acceptor& acceptor) {
    Task& task = Task::current();
    task.set_stop(&acceptor.stop());  // the poke on stop wakes the wait below
    while (!acceptor.stop().requested()) {
      while (auto request = acceptor.try_next()) dispatch(std::move(*request));
      try {
        task.wait(acceptor.fd(), Readiness::readable, no_deadline);
      } catch (const CancelledError&) {
        break;
      }
    }
  }

  void dispatch(Request request) {
    EventLoop& loop = *loops_[next_++ % loops_.size()];
    if (&loop == loops_[0].get()) return run_in_fiber(loop, std::move(request));
    asio::post(loop.io(), [this, &loop, r = std::move(request)]() mutable {
      run_in_fiber(loop, std::move(r));
    });
  }

  void run_in_fiber(EventLoop& loop, Request request) {
    // std::function needs a copyable callable: share the move-only request.
    auto shared = std::make_shared<Request>(std::move(request));
    loop.spawn([shared] { shared->run(); });
  }

  /// When the stop comes, every loop pokes its fibers so their waits take the drain
  /// deadline into account (and the accept loop ends).
  void watch_stop(const Stop& stop) {
    auto watcher = std::make_shared<asio::posix::stream_descriptor>(loops_[0]->io(), stop.fd());
    watcher->async_wait(asio::posix::descriptor_base::wait_read,
                        [this, watcher](boost::system::error_code) {
                          watcher->release();  // the Stop owns the fd
                          for (auto& loop : loops_)
                            asio::post(loop->io(), [l = loop.get()] { l->poke_all(); });
                        });
  }

  std::vector<std::unique_ptr<EventLoop>> loops_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Policy> make_coroutine_policy(std::size_t threads, std::size_t stack_size) {
  return std::make_unique<CoroutinePolicy>(threads, stack_size);
}

}  // namespace sockserv
