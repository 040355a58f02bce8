#pragma once
// chat: a hub's rooms in Redis, as plain commands on one connection.
//
//   chat:HUB:nick:NICK        string, the owner's member id; expires unless refreshed
//   chat:HUB:members:ROOM     sorted set of nicknames, scored by when each listing expires
//   chat:HUB:rooms            sorted set of room names, scored the same way
//   chat:HUB:history:ROOM     list, newest first, trimmed to `history`
//   chat:HUB:room:ROOM        pub/sub channel of the room: "ORIGIN-ID\tMESSAGE-ID\tLINE"
//   chat:HUB:member:ID        pub/sub channel of one member (/msg)
//   chat:HUB:udp:...          UDP registrations (udp_registrations.hpp)
//
// Members refresh their expiries every `beat`; a process that dies leaves nothing behind
// for longer than `ttl`.

#include "backend.hpp"
#include "member.hpp"
#include "redis_connection.hpp"
#include "task_mutex.hpp"

#include <sockserv/endpoint.hpp>
#include <sockserv/time.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chat {

/// Key names of one hub.
struct Keys {
  std::string prefix;  ///< "chat:HUB:"

  std::string nick(std::string_view n) const { return prefix + "nick:" + std::string(n); }
  std::string members(std::string_view room) const { return prefix + "members:" + std::string(room); }
  std::string rooms() const { return prefix + "rooms"; }
  std::string history(std::string_view room) const { return prefix + "history:" + std::string(room); }
  std::string room_channel(std::string_view room) const { return prefix + "room:" + std::string(room); }
  std::string member_channel(std::string_view id) const { return prefix + "member:" + std::string(id); }
};

/// How one plugin instance uses Redis.
struct RedisSettings {
  sockserv::Endpoint endpoint;
  Keys keys;
  std::size_t history = 20;
  sockserv::Duration ttl = std::chrono::seconds(30);     ///< a listing's life without a beat
  sockserv::Duration beat = std::chrono::seconds(10);    ///< how often listings are refreshed
  sockserv::Duration timeout = std::chrono::seconds(5);  ///< connect and each command
};

/// What Redis holds of one member; its link keeps it.
struct Presence {
  std::string id;
  std::string nick;  ///< empty until claimed
  std::string room;  ///< empty until joined
};

/// The command connection of a link: made on first use, dropped when it fails, one command
/// sequence at a time (a task mutex: a fiber waiting for it suspends).
class Commands {
 public:
  explicit Commands(const RedisSettings& settings) : settings_(settings) {}

  /// Runs `step(connection)` holding the connection; BackendDown if Redis is not there.
  /// Never retried: a command whose reply was lost may have run (a message published
  /// twice is worse than one reported as not done). A connection that Redis closed while
  /// it lay idle (a restart) is noticed before the step and replaced.
  template <class Step>
  auto run(Step&& step) {
    std::lock_guard lock(mutex_);
    if (connection_ && connection_->went_away()) connection_.reset();
    try {
      if (!connection_)
        connection_ = std::make_unique<RedisConnection>(settings_.endpoint, settings_.timeout);
      return step(*connection_);
    } catch (const BackendDown&) {
      connection_.reset();
      throw;
    }
  }

 private:
  const RedisSettings& settings_;
  TaskMutex mutex_;
  std::unique_ptr<RedisConnection> connection_;
};

/// The steps of a Link, each a few commands on `c`; `p` is updated as they succeed.
namespace redis_rooms {

Claim claim(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& nick);
void join(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& room,
          Member& member);
void say(RedisConnection& c, const RedisSettings& s, const Presence& p, const std::string& line);
bool tell(RedisConnection& c, const RedisSettings& s, const std::string& nick,
          const std::string& line);
std::vector<std::string> who(RedisConnection& c, const RedisSettings& s, const Presence& p);
std::vector<RoomCount> rooms(RedisConnection& c, const RedisSettings& s);
void leave(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& why);
/// Refreshes the member's expiries; false if Redis has forgotten it (it restarted).
bool heartbeat(RedisConnection& c, const RedisSettings& s, const Presence& p);
/// Lists the member again after Redis forgot it; tells it if its nickname was taken meanwhile.
void restore(RedisConnection& c, const RedisSettings& s, const Presence& p, Member& member);

/// A published line: who said it, a random id of its own (so that a UDP relay delivers it
/// once however many relays hear it), and the line.
struct Envelope {
  std::string_view origin;
  std::string_view id;
  std::string_view line;
};

/// "ORIGIN\tID\tLINE", as published, with a fresh id.
std::string envelope(std::string_view origin, std::string_view line);
/// The parts of a published payload.
Envelope open_envelope(std::string_view payload);

}  // namespace redis_rooms
}  // namespace chat
