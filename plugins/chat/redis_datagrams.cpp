#include "redis_datagrams.hpp"

#include "redis_backend.hpp"

namespace chat {
namespace reg = udp_registrations;

RedisDatagrams::RedisDatagrams(const Settings& settings, std::shared_ptr<sockserv::Logger> log)
    : settings_(settings),
      redis_(redis_settings(settings)),
      commands_(redis_),
      relay_(redis_, settings.udp_idle_timeout, std::move(log)) {}

RedisDatagrams::From RedisDatagrams::from(sockserv::Datagram& d) {
  int fd = d.native_handle();
  std::lock_guard lock(mutex_);
  auto& s = sockets_[fd];
  if (!s.second) s = {UdpKeys::of_socket(redis_.keys, fd), std::make_shared<DatagramSocket>(fd)};
  return {s.first, s.second, d.peer(), reg::peer_key(d.peer())};
}

void RedisDatagrams::on_datagram(sockserv::Datagram& d) {
  relay_.offer(d.native_handle());
  From f = from(d);
  std::string text(without_line_end(d.data()));
  try {
    commands_.run([&](RedisConnection& c) { act(c, f, text); });
  } catch (const BackendDown&) {
    f.reply(std::string(backend_down));
  }
}

void RedisDatagrams::act(RedisConnection& c, const From& f, const std::string& text) {
  auto nick = reg::nick_of(c, f.keys, f.peer);
  if (text.starts_with("username@")) {
    std::string wanted = text.substr(9);
    if (auto problem = nick_problem(wanted); !problem.empty()) return f.reply("! " + problem);
    if (!nick) return enrol(c, f, wanted);
    reg::touch(c, f.keys, f.peer);
    return rename(c, f, *nick, wanted);
  }
  if (!nick) return f.reply(std::string(udp_hint));
  reg::touch(c, f.keys, f.peer);
  if (text.find_first_not_of(" \t") == std::string::npos) return;
  // The relay sends it to every member, the sender too: the classic protocol.
  redis_rooms::say(c, redis_, {f.keys.member_id(f.peer), *nick, default_room}, said(*nick, text));
}

void RedisDatagrams::enrol(RedisConnection& c, const From& f, const std::string& nick) {
  Presence p{f.keys.member_id(f.peer), "", ""};
  Claim claim = redis_rooms::claim(c, redis_, p, nick);
  if (!claim.ok) return f.reply(nick_taken(nick, claim.suggestion));
  // Registered by another process this very instant: that one goes on (with the same
  // member id, so the nickname just claimed is not released here; unrefreshed, it expires).
  if (!reg::add(c, f.keys, f.peer, nick)) return;
  // History straight to the sender, then the room (the sender among it) hears it joined.
  DatagramMember sender(p.id, f.socket, f.address, settings_.udp_idle_timeout);
  redis_rooms::join(c, redis_, p, default_room, sender);
}

void RedisDatagrams::rename(RedisConnection& c, const From& f, const std::string& from,
                            const std::string& to) {
  if (to == from) return f.reply("* you are " + to + " already");
  Presence p{f.keys.member_id(f.peer), from, default_room};
  Claim claim = redis_rooms::claim(c, redis_, p, to);  // the room, the sender among it, hears it
  if (!claim.ok) return f.reply(nick_taken(to, claim.suggestion));
  reg::rename(c, f.keys, f.peer, to);
}

}  // namespace chat
