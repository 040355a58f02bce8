#include "core/event_loop.hpp"
#include "core/fiber_task.hpp"

#include <sockserv/policies.hpp>
#include <sockserv/stop.hpp>

#include <thread>
#include <vector>

namespace sockserv {
namespace {
using core::EventLoop;
using core::FiberTask;

/// gevent-like: `threads` event loops (one epoll and thread each), a fiber per request.
/// Loop 0 runs on the serving thread and accepts; requests are spread round-robin.
class CoroutinePolicy final : public Policy {
 public:
  CoroutinePolicy(std::size_t threads, std::size_t stack_size)
      : loops_(threads == 0 ? default_threads() : threads) {
    for (auto& loop : loops_) loop = std::make_unique<EventLoop>(stack_size);
  }

  void serve(Acceptor& acceptor) override {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < loops_.size(); ++i) {
      loops_[i]->hold(true);  // until loop 0 has handed out its last request
      threads.emplace_back([loop = loops_[i].get()] { loop->run(); });
    }
    watch_stop(acceptor.stop());
    loops_[0]->spawn([this, &acceptor] { accept_loop(acceptor); });
    // The loops run until their last fiber ends: serving drains here, and waits that
    // outlive the drain deadline are cancelled by the stop's poke.
    loops_[0]->run();
    for (std::size_t i = 1; i < loops_.size(); ++i)
      loops_[i]->post([loop = loops_[i].get()] { loop->hold(false); });
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
    task.release(acceptor.fd());
  }

  void dispatch(Request request) {
    EventLoop& loop = *loops_[next_++ % loops_.size()];
    // A new TCP connection rarely has its first bytes yet: its first read waits for them
    // (as nginx's does) instead of a recv that fails. Not Unix sockets: see read_hints.hpp.
    int fresh_tcp = request.transport() == Transport::tcp ? request.fd() : -1;
    // std::function needs a copyable callable: share the move-only request.
    auto shared = std::make_shared<Request>(std::move(request));
    std::function<void()> body = [shared, &loop, fresh_tcp] {
      if (fresh_tcp >= 0) loop.poller().expect_first_read(fresh_tcp);
      shared->run();
    };
    if (&loop == loops_[0].get()) return loop.spawn(std::move(body));
    loop.post([&loop, body = std::move(body)]() mutable { loop.spawn(std::move(body)); });
  }

  /// When the stop comes, every loop pokes its fibers so their waits take the drain
  /// deadline into account (and the accept loop ends).
  void watch_stop(const Stop& stop) {
    loops_[0]->spawn([this, &stop] {
      Task& task = Task::current();
      while (!stop.requested()) task.wait(stop.fd(), Readiness::readable, no_deadline);
      task.release(stop.fd());  // the Stop owns the fd
      for (auto& loop : loops_) loop->post([l = loop.get()] { l->poke_all(); });
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
