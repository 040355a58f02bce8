#pragma once
// chat: the relay of a UDP chat server's registrations to Redis. A registration outlives
// the datagram that made it, so no request's task can carry its subscription: one thread of
// the plugin reads the default room and the registrations' private channels and sends each
// line out as a datagram, expires silent registrations, and refreshes the others.

#include "backend.hpp"
#include "redis_rooms.hpp"
#include "redis_subscription.hpp"

#include <sockserv/log.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace chat {

/// Started by the first UDP registration; stopped and joined on destruction.
class Relay final : private Subscription::Handler {
 public:
  Relay(const RedisSettings& settings, std::shared_ptr<sockserv::Logger> log);
  ~Relay() override;
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  /// A link for a registration; its lines come through this relay.
  std::unique_ptr<Link> link(std::shared_ptr<Member> member);

 private:
  class RelayLink;
  struct Entry {
    std::shared_ptr<Member> member;
    Presence presence;                 // touched only inside commands_.run
    std::atomic<bool> in_room{false};  // hears the default room
  };

  void drop(const std::shared_ptr<Entry>& entry, const std::string& why) noexcept;
  std::vector<std::shared_ptr<Entry>> entries();

  std::vector<std::vector<std::string>> subscriptions() override;
  void on_message(const std::string& channel, const std::string& payload) override;
  void on_lost(const std::string& why) override;
  void on_back() override;
  void on_idle() override;

  const RedisSettings& settings_;
  std::shared_ptr<sockserv::Logger> log_;
  Commands commands_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Entry>> entries_;  // by member id, under mutex_
  Subscription subscription_;
  sockserv::Clock::time_point next_beat_;
  std::thread thread_;  // last: started once everything above exists
};

}  // namespace chat
