#include "redis_subscription.hpp"

#include <algorithm>
#include <chrono>

namespace chat {

void Subscription::run() {
  using namespace std::chrono_literals;
  sockserv::Duration backoff = 100ms;
  bool lost = false;
  while (!stopped_.is_set()) {
    try {
      auto connection = std::make_shared<RedisConnection>(settings_.endpoint, poll_);
      {
        std::lock_guard write(write_);
        for (const auto& command : handler_.subscriptions()) connection->send(command);
        std::lock_guard lock(mutex_);
        connection_ = connection;
      }
      if (stopped_.is_set()) break;  // stop() may have missed the connection just made
      if (lost) handler_.on_back();
      lost = false;
      backoff = 100ms;
      for (;;) {
        if (auto reply = connection->poll()) dispatch(*reply);
        handler_.on_idle();
      }
    } catch (const BackendDown& e) {
      {
        std::lock_guard lock(mutex_);
        connection_.reset();
      }
      if (stopped_.is_set()) break;
      if (!lost) handler_.on_lost(e.what());
      lost = true;
      stopped_.wait(backoff);
      backoff = std::min<sockserv::Duration>(backoff * 2, 2s);
    }
  }
  std::lock_guard lock(mutex_);
  connection_.reset();
}

void Subscription::stop() noexcept {
  stopped_.set();
  std::lock_guard lock(mutex_);
  if (connection_) connection_->interrupt();
}

void Subscription::send(const std::vector<std::string>& command) {
  std::lock_guard write(write_);
  std::shared_ptr<RedisConnection> connection;
  {
    std::lock_guard lock(mutex_);
    connection = connection_;
  }
  if (!connection) return;  // a fresh connection subscribes to everything anyway
  try {
    connection->send(command);
  } catch (const BackendDown&) {
    connection->interrupt();  // the reader notices, reconnects and subscribes afresh
  }
}

void Subscription::dispatch(const Reply& reply) {
  const auto& e = reply.elements;
  if (e.size() == 3 && e[0].str == "message") handler_.on_message(e[1].str, e[2].str);
  if (e.size() == 4 && e[0].str == "pmessage") handler_.on_message(e[2].str, e[3].str);
  if (e.size() == 3 && (e[0].str == "subscribe" || e[0].str == "psubscribe"))
    handler_.on_subscribed(e[1].str);
}

}  // namespace chat
