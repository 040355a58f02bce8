#pragma once
// chat: backend: redis. Rooms are Redis pub/sub channels and member lists live in Redis,
// so chat servers in any process on any host share the rooms of their hub.
//
// Where the subscribers run:
//  - a stream member's link has its own two connections, a command one and a subscriber,
//    read by a sibling task of the member's request (spawn): it lives exactly as long as
//    the member and works the same under threading, coroutine, forking and processes: N;
//  - UDP registrations outlive the datagrams that make them: they live in Redis, and a
//    relay process of the plugin sends them the room's lines (redis_datagrams.hpp).

#include "backend.hpp"
#include "redis_rooms.hpp"
#include "settings.hpp"

#include <sockserv/log.hpp>

#include <memory>

namespace chat {

/// How the plugin's `settings` use Redis.
RedisSettings redis_settings(const Settings& settings);

/// backend: redis.
class RedisBackend final : public Backend {
 public:
  /// Checks that Redis answers; throws sockserv::Error saying where it looked if not.
  RedisBackend(const Settings& settings, std::shared_ptr<sockserv::Logger> log);
  ~RedisBackend() override;

  std::unique_ptr<Link> link(std::shared_ptr<Member> member) override;

 private:
  RedisSettings settings_;
  std::shared_ptr<sockserv::Logger> log_;
};

}  // namespace chat
