#pragma once
// chat: a Redis subscriber connection that stays up. It reconnects with backoff when Redis
// goes away, says so to its handler, and subscribes again when Redis is back.

#include "redis_connection.hpp"
#include "redis_rooms.hpp"
#include "task_mutex.hpp"

#include <sockserv/event.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace chat {

/// Runs in one task (run()); stop() and send() may be called from any other.
class Subscription {
 public:
  /// What a subscription calls back, all from the task in run().
  class Handler {
   public:
    virtual ~Handler() = default;
    /// The commands that (re)subscribe a fresh connection.
    virtual std::vector<std::vector<std::string>> subscriptions() = 0;
    /// A published message (of a channel, or of a channel matching a pattern).
    virtual void on_message(const std::string& channel, const std::string& payload) = 0;
    /// Redis confirmed a (P)SUBSCRIBE: messages to `name` published from now on will come.
    virtual void on_subscribed(const std::string& name) { (void)name; }
    /// Redis was lost (once per outage); `why` is for the log.
    virtual void on_lost(const std::string& why) = 0;
    /// Redis is back and subscribed again. May throw BackendDown (lost again).
    virtual void on_back() = 0;
    /// After every message and every `poll` of silence. May throw BackendDown.
    virtual void on_idle() = 0;
  };

  /// Subscribes through `handler`; reads wait at most `poll` before on_idle().
  Subscription(const RedisSettings& settings, Handler& handler, sockserv::Duration poll)
      : settings_(settings), handler_(handler), poll_(poll) {}

  /// Keeps the subscription until stop(); returns then.
  void run();
  /// Ends run() soon: wakes its read or its backoff. Any task.
  void stop() noexcept;
  /// Sends `command` ((UN)SUBSCRIBE) on the live connection, if there is one; any task.
  void send(const std::vector<std::string>& command);

 private:
  void dispatch(const Reply& reply);

  const RedisSettings& settings_;
  Handler& handler_;
  const sockserv::Duration poll_;
  sockserv::Event stopped_;
  TaskMutex write_;  // one writer on the connection at a time
  std::mutex mutex_;
  std::shared_ptr<RedisConnection> connection_;
};

}  // namespace chat
