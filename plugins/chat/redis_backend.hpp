#pragma once
// chat: backend: redis. Rooms are Redis pub/sub channels and member lists live in Redis,
// so chat servers in any process on any host share the rooms of their hub.
//
// Where the subscribers run:
//  - a stream member's link has its own two connections, a command one and a subscriber,
//    read by a sibling task of the member's request (spawn): it lives exactly as long as
//    the member and works the same under threading, coroutine, forking and processes: N;
//  - UDP registrations outlive the datagrams that make them, so they share one relay: a
//    thread of the plugin, started with the first registration, joined by the plugin.

#include "backend.hpp"
#include "redis_rooms.hpp"
#include "settings.hpp"

#include <sockserv/log.hpp>

#include <memory>
#include <mutex>

namespace chat {

class Relay;

/// backend: redis.
class RedisBackend final : public Backend {
 public:
  /// Checks that Redis answers; throws sockserv::Error saying where it looked if not.
  RedisBackend(const Settings& settings, std::shared_ptr<sockserv::Logger> log);
  ~RedisBackend() override;

  std::unique_ptr<Link> link(std::shared_ptr<Member> member) override;
  std::unique_ptr<Link> shared_link(std::shared_ptr<Member> member) override;

 private:
  RedisSettings settings_;
  std::shared_ptr<sockserv::Logger> log_;
  std::mutex mutex_;
  std::unique_ptr<Relay> relay_;  // made on first use
};

}  // namespace chat
