#include "redis_link.hpp"

namespace chat {

RedisLink::RedisLink(const RedisSettings& settings, std::shared_ptr<Member> member)
    : settings_(settings),
      member_(std::move(member)),
      commands_(settings),
      subscription_(settings, *this, settings.beat / 2),
      next_beat_(sockserv::Clock::now() + settings.beat) {
  presence_.id = member_->id();
  commands_.run([](RedisConnection& c) { return c.command({"PING"}); });
}

RedisLink::~RedisLink() { stop(); }

Claim RedisLink::claim(const std::string& nick) {
  return commands_.run([&](RedisConnection& c) { return redis_rooms::claim(c, settings_, presence_, nick); });
}

void RedisLink::join(const std::string& room) {
  std::string old;
  commands_.run([&](RedisConnection& c) {
    old = presence_.room;
    redis_rooms::join(c, settings_, presence_, room, *member_);
  });
  {
    std::lock_guard lock(mutex_);
    room_channel_ = settings_.keys.room_channel(room);
  }
  if (!subscriber_) {
    subscriber_ = sockserv::spawn([this] { subscription_.run(); });
    return;
  }
  if (!old.empty()) subscription_.send({"UNSUBSCRIBE", settings_.keys.room_channel(old)});
  subscription_.send({"SUBSCRIBE", settings_.keys.room_channel(room)});
}

void RedisLink::say(const std::string& line) {
  commands_.run([&](RedisConnection& c) { redis_rooms::say(c, settings_, presence_, line); });
}

bool RedisLink::tell(const std::string& nick, const std::string& line) {
  return commands_.run([&](RedisConnection& c) { return redis_rooms::tell(c, settings_, nick, line); });
}

std::vector<std::string> RedisLink::who() {
  return commands_.run([&](RedisConnection& c) { return redis_rooms::who(c, settings_, presence_); });
}

std::vector<RoomCount> RedisLink::rooms() {
  return commands_.run([&](RedisConnection& c) { return redis_rooms::rooms(c, settings_); });
}

void RedisLink::leave(const std::string& why) noexcept {
  try {
    commands_.run([&](RedisConnection& c) { redis_rooms::leave(c, settings_, presence_, why); });
  } catch (const std::exception&) {
    // Redis is away: the listings expire by themselves within ttl
  }
  stop();
}

void RedisLink::stop() noexcept {
  subscription_.stop();
  if (!subscriber_) return;
  try {
    subscriber_->join();
  } catch (const std::exception&) {
    // cancelled at the drain deadline: the request is ending anyway
  }
  subscriber_.reset();
}

std::vector<std::vector<std::string>> RedisLink::subscriptions() {
  std::lock_guard lock(mutex_);
  return {{"SUBSCRIBE", settings_.keys.member_channel(presence_.id), room_channel_}};
}

void RedisLink::on_message(const std::string& channel, const std::string& payload) {
  {
    std::lock_guard lock(mutex_);
    if (channel != room_channel_ && channel != settings_.keys.member_channel(presence_.id)) return;
  }
  auto e = redis_rooms::open_envelope(payload);
  if (e.origin != presence_.id) member_->deliver(std::string(e.line));
}

void RedisLink::on_lost(const std::string&) { member_->deliver(std::string(backend_lost)); }

void RedisLink::on_back() {
  commands_.run([&](RedisConnection& c) { redis_rooms::restore(c, settings_, presence_, *member_); });
  member_->deliver(std::string(backend_back));
  next_beat_ = sockserv::Clock::now() + settings_.beat;
}

void RedisLink::on_idle() {
  if (sockserv::Clock::now() < next_beat_) return;
  next_beat_ = sockserv::Clock::now() + settings_.beat;
  commands_.run([&](RedisConnection& c) {
    if (!redis_rooms::heartbeat(c, settings_, presence_))
      redis_rooms::restore(c, settings_, presence_, *member_);
  });
}

}  // namespace chat
