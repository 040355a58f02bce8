#include <sockserv/spawn.hpp>
#include <sockserv/task.hpp>

#include "sdk/sibling_state.hpp"

#include <boost/context/detail/exception.hpp>

namespace sockserv {

TaskHandle spawn(std::function<void()> body) {
  auto state = std::make_shared<detail::SiblingState>();
  Task& parent = Task::current();
  const Stop* stop = parent.stop();
  parent.start_sibling([state, stop, body = std::move(body)] {
    Task& self = Task::current();
    self.set_stop(stop);  // cancelled with the request that spawned it
    std::exception_ptr escaped;
    try {
      body();
      self.join_siblings();
    } catch (const boost::context::detail::forced_unwind&) {
      state->finish(nullptr);
      throw;  // a fiber being unwound: must pass (asio issue 1110)
    } catch (...) {
      escaped = std::current_exception();
    }
    self.set_stop(nullptr);
    state->finish(escaped);
  });
  parent.adopt_sibling(state);
  return TaskHandle(state);
}

void TaskHandle::join() {
  if (auto error = state_->wait_done()) std::rethrow_exception(error);
}

bool TaskHandle::done() const {
  std::lock_guard lock(state_->mutex);
  return state_->done;
}

}  // namespace sockserv
