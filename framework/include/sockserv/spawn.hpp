#pragma once
/// @file spawn.hpp
/// Sibling tasks: more than one flow of control inside one request (a reader and a writer
/// on one connection, say), in the same blocking style under every policy.

#include <sockserv/api.hpp>

#include <exception>
#include <functional>
#include <memory>

namespace sockserv {

namespace detail {
struct SiblingState;
}

/// A started sibling task. Copies refer to the same task.
class SOCKSERV_API TaskHandle {
 public:
  explicit TaskHandle(std::shared_ptr<detail::SiblingState> state) : state_(std::move(state)) {}
  /// Blocks the current task until the sibling ends; rethrows what escaped it.
  void join();
  /// True once the sibling has ended.
  bool done() const;

 private:
  std::shared_ptr<detail::SiblingState> state_;
};

/// Runs `body` as a sibling of the current task: a thread under serial, threading and
/// forking; a fiber on the same event loop under coroutine. A request does not end before
/// every sibling it spawned: the framework joins them after finish(), and logs what
/// escaped them. Siblings are cancelled with their request at the drain deadline.
SOCKSERV_API TaskHandle spawn(std::function<void()> body);

}  // namespace sockserv
