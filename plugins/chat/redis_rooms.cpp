#include "redis_rooms.hpp"

#include <algorithm>
#include <chrono>

namespace chat::redis_rooms {
namespace {

// Deletes KEYS[1] only if it still holds ARGV[1]: a member never frees another's nickname.
constexpr const char* delete_if_mine =
    "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

std::string ms(sockserv::Duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}

/// When a listing made now expires, as a sorted-set score (wall clock: shared across hosts).
std::string expiry(const RedisSettings& s) {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return ms(std::chrono::duration_cast<sockserv::Duration>(now) + s.ttl);
}

std::string now_score() {
  return ms(std::chrono::duration_cast<sockserv::Duration>(
      std::chrono::system_clock::now().time_since_epoch()));
}

std::string free_alternative(RedisConnection& c, const RedisSettings& s, const std::string& nick) {
  for (int n = 2;; ++n) {
    std::string other = alternative_nick(nick, n);
    if (c.command({"EXISTS", s.keys.nick(other)}).integer == 0 || n > 99) return other;
  }
}

void list(RedisConnection& c, const RedisSettings& s, const Presence& p) {
  c.command({"ZADD", s.keys.members(p.room), expiry(s), p.nick});
  c.command({"ZADD", s.keys.rooms(), expiry(s), p.room});
}

void publish(RedisConnection& c, const RedisSettings& s, const Presence& p, const std::string& line) {
  c.command({"PUBLISH", s.keys.room_channel(p.room), envelope(p.id, line)});
}

}  // namespace

Claim claim(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& nick) {
  Reply set = c.command({"SET", s.keys.nick(nick), p.id, "NX", "PX", ms(s.ttl)});
  if (set.is_nil() && c.command({"GET", s.keys.nick(nick)}).str != p.id)
    return {false, free_alternative(c, s, nick)};
  if (!p.nick.empty() && p.nick != nick) {
    c.command({"EVAL", delete_if_mine, "1", s.keys.nick(p.nick), p.id});
    if (!p.room.empty()) {
      c.command({"ZREM", s.keys.members(p.room), p.nick});
      c.command({"ZADD", s.keys.members(p.room), expiry(s), nick});
      publish(c, s, p, renamed(p.nick, nick));
    }
  }
  p.nick = nick;
  return {true, ""};
}

void join(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& room,
          Member& member) {
  if (!p.room.empty()) {
    c.command({"ZREM", s.keys.members(p.room), p.nick});
    publish(c, s, p, left(p.nick, p.room));
  }
  if (s.history > 0) {
    Reply history = c.command({"LRANGE", s.keys.history(room), "0", std::to_string(s.history - 1)});
    for (auto it = history.elements.rbegin(); it != history.elements.rend(); ++it)
      member.deliver(it->str);
  }
  p.room = room;
  list(c, s, p);
  publish(c, s, p, joined(p.nick, room));
}

void say(RedisConnection& c, const RedisSettings& s, const Presence& p, const std::string& line) {
  // One round trip, and the message published last: once others see it, the step is done.
  std::vector<std::vector<std::string>> commands;
  if (s.history > 0) {
    commands.push_back({"LPUSH", s.keys.history(p.room), line});
    commands.push_back({"LTRIM", s.keys.history(p.room), "0", std::to_string(s.history - 1)});
    commands.push_back({"PEXPIRE", s.keys.history(p.room), ms(std::chrono::hours(24 * 7))});
  }
  commands.push_back({"PUBLISH", s.keys.room_channel(p.room), envelope(p.id, line)});
  for (const auto& command : commands) c.send(command);
  for (const auto& command : commands)
    if (Reply r = c.read(); r.is_error()) throw BackendDown("Redis: " + command.front() + ": " + r.str);
}

bool tell(RedisConnection& c, const RedisSettings& s, const std::string& nick,
          const std::string& line) {
  Reply owner = c.command({"GET", s.keys.nick(nick)});
  if (owner.is_nil()) return false;
  c.command({"PUBLISH", s.keys.member_channel(owner.str), envelope("", line)});
  return true;
}

std::vector<std::string> who(RedisConnection& c, const RedisSettings& s, const Presence& p) {
  c.command({"ZREMRANGEBYSCORE", s.keys.members(p.room), "-inf", now_score()});
  Reply r = c.command({"ZRANGEBYSCORE", s.keys.members(p.room), now_score(), "+inf"});
  std::vector<std::string> nicks;
  for (const auto& e : r.elements) nicks.push_back(e.str);
  std::sort(nicks.begin(), nicks.end());
  return nicks;
}

std::vector<RoomCount> rooms(RedisConnection& c, const RedisSettings& s) {
  c.command({"ZREMRANGEBYSCORE", s.keys.rooms(), "-inf", now_score()});
  Reply names = c.command({"ZRANGEBYSCORE", s.keys.rooms(), now_score(), "+inf"});
  std::vector<RoomCount> out;
  for (const auto& name : names.elements) {
    Reply n = c.command({"ZCOUNT", s.keys.members(name.str), now_score(), "+inf"});
    if (n.integer > 0) out.push_back({name.str, std::size_t(n.integer)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.room < b.room; });
  return out;
}

void leave(RedisConnection& c, const RedisSettings& s, Presence& p, const std::string& why) {
  if (!p.nick.empty()) c.command({"EVAL", delete_if_mine, "1", s.keys.nick(p.nick), p.id});
  if (!p.room.empty()) {
    c.command({"ZREM", s.keys.members(p.room), p.nick});
    publish(c, s, p, left(p.nick, p.room, why));
  }
  p.nick.clear();
  p.room.clear();
}

bool heartbeat(RedisConnection& c, const RedisSettings& s, const Presence& p) {
  if (p.nick.empty()) return true;
  if (c.command({"GET", s.keys.nick(p.nick)}).str != p.id) return false;
  c.command({"PEXPIRE", s.keys.nick(p.nick), ms(s.ttl)});
  if (!p.room.empty()) list(c, s, p);
  return true;
}

void restore(RedisConnection& c, const RedisSettings& s, const Presence& p, Member& member) {
  if (p.nick.empty()) return;
  Reply set = c.command({"SET", s.keys.nick(p.nick), p.id, "NX", "PX", ms(s.ttl)});
  if (set.is_nil() && c.command({"GET", s.keys.nick(p.nick)}).str != p.id)
    member.deliver("! your nickname '" + p.nick + "' was taken while the chat backend was "
                   "away; choose another with /nick");
  if (!p.room.empty()) list(c, s, p);
}

std::string envelope(std::string_view origin, std::string_view line) {
  return std::string(origin) + "\t" + new_member_id() + "\t" + std::string(line);
}

Envelope open_envelope(std::string_view payload) {
  Envelope e{"", "", payload};
  std::size_t first = payload.find('\t');
  std::size_t second = first == std::string_view::npos ? first : payload.find('\t', first + 1);
  if (second == std::string_view::npos) return e;
  return {payload.substr(0, first), payload.substr(first + 1, second - first - 1),
          payload.substr(second + 1)};
}

}  // namespace chat::redis_rooms
