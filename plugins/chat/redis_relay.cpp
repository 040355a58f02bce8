#include "redis_relay.hpp"

#include "settings.hpp"

#include <chrono>
#include <utility>

namespace chat {

/// A registration's link: its commands share the relay's connection.
class Relay::RelayLink final : public Link {
 public:
  RelayLink(Relay& relay, std::shared_ptr<Entry> entry) : relay_(relay), entry_(std::move(entry)) {}
  ~RelayLink() override { leave(""); }

  template <class Step>
  auto run(Step&& step) -> decltype(step(std::declval<RedisConnection&>())) {
    return relay_.commands_.run(std::forward<Step>(step));
  }

  Claim claim(const std::string& nick) override {
    return run([&](RedisConnection& c) {
      return redis_rooms::claim(c, relay_.settings_, entry_->presence, nick);
    });
  }
  void join(const std::string& room) override {
    run([&](RedisConnection& c) {
      redis_rooms::join(c, relay_.settings_, entry_->presence, room, *entry_->member);
    });
    entry_->in_room = room == default_room;  // the relay hears only the default room
  }
  void say(const std::string& line) override {
    run([&](RedisConnection& c) { redis_rooms::say(c, relay_.settings_, entry_->presence, line); });
  }
  bool tell(const std::string& nick, const std::string& line) override {
    return run([&](RedisConnection& c) { return redis_rooms::tell(c, relay_.settings_, nick, line); });
  }
  std::vector<std::string> who() override {
    return run([&](RedisConnection& c) { return redis_rooms::who(c, relay_.settings_, entry_->presence); });
  }
  std::vector<RoomCount> rooms() override {
    return run([&](RedisConnection& c) { return redis_rooms::rooms(c, relay_.settings_); });
  }
  void leave(const std::string& why) noexcept override { relay_.drop(entry_, why); }

 private:
  Relay& relay_;
  std::shared_ptr<Entry> entry_;
};

Relay::Relay(const RedisSettings& settings, std::shared_ptr<sockserv::Logger> log)
    : settings_(settings),
      log_(std::move(log)),
      commands_(settings),
      subscription_(settings, *this, std::chrono::seconds(1)),
      next_beat_(sockserv::Clock::now() + settings.beat),
      thread_([this] {
        try {
          subscription_.run();
        } catch (const std::exception& e) {
          log_->error(std::string("chat: the UDP relay stopped: ") + e.what());
        }
      }) {}

Relay::~Relay() {
  subscription_.stop();
  thread_.join();
}

std::unique_ptr<Link> Relay::link(std::shared_ptr<Member> member) {
  auto entry = std::make_shared<Entry>();
  entry->member = std::move(member);
  entry->presence.id = entry->member->id();
  {
    std::lock_guard lock(mutex_);
    entries_[entry->presence.id] = entry;
  }
  subscription_.send({"SUBSCRIBE", settings_.keys.member_channel(entry->presence.id)});
  return std::make_unique<RelayLink>(*this, entry);
}

void Relay::drop(const std::shared_ptr<Entry>& entry, const std::string& why) noexcept {
  const std::string& id = entry->presence.id;
  {
    std::lock_guard lock(mutex_);
    if (entries_.erase(id) == 0) return;
  }
  entry->in_room = false;
  try {
    subscription_.send({"UNSUBSCRIBE", settings_.keys.member_channel(id)});
    commands_.run([&](RedisConnection& c) { redis_rooms::leave(c, settings_, entry->presence, why); });
  } catch (const std::exception&) {
    // Redis is away: the listings expire by themselves within ttl
  }
}

std::vector<std::shared_ptr<Relay::Entry>> Relay::entries() {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Entry>> out;
  for (const auto& [id, e] : entries_) out.push_back(e);
  return out;
}

std::vector<std::vector<std::string>> Relay::subscriptions() {
  std::vector<std::string> command{"SUBSCRIBE", settings_.keys.room_channel(default_room)};
  for (const auto& e : entries()) command.push_back(settings_.keys.member_channel(e->presence.id));
  return {command};
}

void Relay::on_message(const std::string& channel, const std::string& payload) {
  auto [origin, line] = redis_rooms::open_envelope(payload);
  std::string text(line);
  if (channel == settings_.keys.room_channel(default_room)) {
    for (const auto& e : entries())
      if (e->in_room && e->presence.id != origin) e->member->deliver(text);
    return;
  }
  std::string prefix = settings_.keys.member_channel("");
  if (!channel.starts_with(prefix)) return;
  std::lock_guard lock(mutex_);
  if (auto e = entries_.find(channel.substr(prefix.size())); e != entries_.end())
    e->second->member->deliver(text);
}

void Relay::on_lost(const std::string& why) {
  log_->warn("chat: " + why + "; reconnecting");
  for (const auto& e : entries()) e->member->deliver(std::string(backend_lost));
}

void Relay::on_back() {
  log_->info("chat: Redis is back");
  for (const auto& e : entries()) {
    commands_.run([&](RedisConnection& c) { redis_rooms::restore(c, settings_, e->presence, *e->member); });
    e->member->deliver(std::string(backend_back));
  }
  next_beat_ = sockserv::Clock::now() + settings_.beat;
}

void Relay::on_idle() {
  for (const auto& e : entries())
    if (e->member->expired()) drop(e, " (idle)");
  if (sockserv::Clock::now() < next_beat_) return;
  next_beat_ = sockserv::Clock::now() + settings_.beat;
  for (const auto& e : entries())
    commands_.run([&](RedisConnection& c) {
      if (!redis_rooms::heartbeat(c, settings_, e->presence))
        redis_rooms::restore(c, settings_, e->presence, *e->member);
    });
}

}  // namespace chat
