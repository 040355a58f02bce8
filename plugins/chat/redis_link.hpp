#pragma once
// chat: the link of a stream member to Redis: its own command connection, and its own
// subscription read by a sibling task of its request.

#include "backend.hpp"
#include "redis_rooms.hpp"
#include "redis_subscription.hpp"

#include <sockserv/spawn.hpp>

#include <memory>
#include <mutex>
#include <optional>

namespace chat {

/// One stream member's link; used by the member's task, its subscriber runs beside it.
class RedisLink final : public Link, private Subscription::Handler {
 public:
  /// Connects; BackendDown if Redis is not there.
  RedisLink(const RedisSettings& settings, std::shared_ptr<Member> member);
  ~RedisLink() override;

  Claim claim(const std::string& nick) override;
  void join(const std::string& room) override;
  void say(const std::string& line) override;
  bool tell(const std::string& nick, const std::string& line) override;
  std::vector<std::string> who() override;
  std::vector<RoomCount> rooms() override;
  void leave(const std::string& why) noexcept override;

 private:
  std::vector<std::vector<std::string>> subscriptions() override;
  void on_message(const std::string& channel, const std::string& payload) override;
  void on_lost(const std::string& why) override;
  void on_back() override;
  void on_idle() override;
  void stop() noexcept;

  const RedisSettings& settings_;
  std::shared_ptr<Member> member_;
  Commands commands_;
  Presence presence_;            // touched only inside commands_.run
  std::mutex mutex_;
  std::string room_channel_;     // under mutex_: the subscriber filters by it
  Subscription subscription_;
  std::optional<sockserv::TaskHandle> subscriber_;
  sockserv::Clock::time_point next_beat_;
};

}  // namespace chat
