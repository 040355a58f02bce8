#include "udp_relay.hpp"

#include "settings.hpp"

#include <unistd.h>

#include <chrono>

namespace chat {
namespace {

using namespace std::chrono_literals;
namespace reg = udp_registrations;

/// How long a keeper's lease lasts without being renewed (renewed every tick).
constexpr const char* keeper_lease_ms = "3000";
constexpr sockserv::Duration tick = 500ms;

void ack(int fd) {
  char one = 1;
  [[maybe_unused]] auto n = ::write(fd, &one, 1);
  ::close(fd);
}

}  // namespace

UdpRelay::UdpRelay(const RedisSettings& settings, sockserv::Duration idle,
                   std::shared_ptr<sockserv::Logger> log)
    : settings_(settings), idle_(idle), log_(std::move(log)), commands_(settings),
      subscription_(settings, *this, tick) {}

void UdpRelay::add_socket(int fd, int ack_fd) {
  UdpKeys keys = UdpKeys::of_socket(settings_.keys, fd);
  std::string pattern = keys.member_pattern();
  {
    std::lock_guard lock(mutex_);
    auto& s = sockets_[keys.token];
    if (s) {  // another process (a forked child, a thread) offered it before
      ::close(fd);
      if (s->subscribed && lobby_subscribed_) return ack(ack_fd);
      s->acks.push_back(ack_fd);
      return;
    }
    s = std::make_unique<Socket>();
    s->keys = keys;
    s->socket = std::make_shared<DatagramSocket>(fd);  // a dup
    ::close(fd);
    s->acks.push_back(ack_fd);
  }
  // Listed above before sending: a connection made meanwhile subscribes to it anyway.
  subscription_.send({"PSUBSCRIBE", pattern});
}

std::vector<UdpRelay::Socket*> UdpRelay::snapshot() {
  std::lock_guard lock(mutex_);
  std::vector<Socket*> out;
  for (auto& [token, s] : sockets_) out.push_back(s.get());  // never erased
  return out;
}

std::vector<std::vector<std::string>> UdpRelay::subscriptions() {
  std::vector<std::vector<std::string>> out{{"SUBSCRIBE", settings_.keys.room_channel(default_room)}};
  for (Socket* s : snapshot()) out.push_back({"PSUBSCRIBE", s->keys.member_pattern()});
  return out;
}

void UdpRelay::on_subscribed(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (name == settings_.keys.room_channel(default_room)) lobby_subscribed_ = true;
  for (auto& [token, s] : sockets_) {
    if (name == s->keys.member_pattern() && !s->subscribed) {
      s->subscribed = true;
      next_tick_ = {};  // tend the new socket at once: become its keeper, read its members
    }
    if (!s->subscribed || !lobby_subscribed_) continue;
    for (int fd : s->acks) ack(fd);
    s->acks.clear();
  }
}

void UdpRelay::send(const Socket& s, const std::string& peer, const std::string& line) {
  if (auto to = reg::address_of(peer)) s.socket->send_to(*to, line + "\n");
}

void UdpRelay::on_message(const std::string& channel, const std::string& payload) {
  auto e = redis_rooms::open_envelope(payload);
  std::string line(e.line);
  bool room = channel == settings_.keys.room_channel(default_room);
  for (Socket* s : snapshot()) {
    std::string peer = room ? "" : s->keys.peer_of_channel(channel);
    if (!room && peer.empty()) continue;
    commands_.run([&](RedisConnection& c) {
      if (!reg::claim_delivery(c, s->keys, e.id)) return;  // another relay sends it
      if (!room) return send(*s, peer, line);
      s->known = reg::live(c, s->keys, idle_);  // fresher than the last tick's
      for (const auto& r : s->known) send(*s, r.peer, line);
    });
  }
}

Presence UdpRelay::presence(const Socket& s, const Registration& r) const {
  return {s.keys.member_id(r.peer), r.nick, default_room};
}

void UdpRelay::tend(RedisConnection& c, Socket& s, bool beat) {
  Reply lease = c.command({"SET", s.keys.keeper(), id_, "NX", "PX", keeper_lease_ms});
  s.keeper = !lease.is_nil() || c.command({"GET", s.keys.keeper()}).str == id_;
  if (s.keeper) c.command({"PEXPIRE", s.keys.keeper(), keeper_lease_ms});
  for (const auto& gone : reg::take_expired(c, s.keys, idle_)) {
    Presence p = presence(s, gone);
    redis_rooms::leave(c, settings_, p, " (idle)");
  }
  s.known = reg::live(c, s.keys, idle_);
  if (!beat) return;
  for (const auto& r : s.known) {
    DatagramMember sink(s.keys.member_id(r.peer), s.socket, *reg::address_of(r.peer), idle_);
    if (!redis_rooms::heartbeat(c, settings_, presence(s, r)))
      redis_rooms::restore(c, settings_, presence(s, r), sink);
  }
}

void UdpRelay::on_idle() {
  auto now = sockserv::Clock::now();
  if (now < next_tick_) return;
  next_tick_ = now + tick;
  bool beat = now >= next_beat_;
  if (beat) next_beat_ = now + settings_.beat;
  for (Socket* s : snapshot()) commands_.run([&](RedisConnection& c) { tend(c, *s, beat); });
}

void UdpRelay::on_lost(const std::string& why) {
  log_->warn("chat: UDP relay: " + why + "; reconnecting");
  told_lost_ = false;
  for (Socket* s : snapshot()) {
    if (!s->keeper) continue;
    told_lost_ = true;
    for (const auto& r : s->known) send(*s, r.peer, std::string(backend_lost));
  }
}

void UdpRelay::on_back() {
  log_->info("chat: UDP relay: Redis is back");
  // Redis may have restarted empty: list the members known before again (every relay
  // does, and each step is idempotent), then tell them, if this relay told them it was lost.
  for (Socket* s : snapshot()) {
    commands_.run([&](RedisConnection& c) {
      for (const auto& r : s->known) {
        reg::add(c, s->keys, r.peer, r.nick);
        DatagramMember sink(s->keys.member_id(r.peer), s->socket, *reg::address_of(r.peer), idle_);
        redis_rooms::restore(c, settings_, presence(*s, r), sink);
      }
    });
    if (told_lost_ && s->keeper)
      for (const auto& r : s->known) send(*s, r.peer, std::string(backend_back));
  }
  told_lost_ = false;
}

}  // namespace chat
