#include "udp_registrations.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>

namespace chat {
namespace {

// Takes every registration silent since ARGV[1] out of both keys; returns peer, nick, ...
constexpr const char* take_expired_script = R"(
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local out = {}
for _, peer in ipairs(gone) do
  local nick = redis.call('HGET', KEYS[2], peer)
  redis.call('ZREM', KEYS[1], peer)
  redis.call('HDEL', KEYS[2], peer)
  if nick then table.insert(out, peer); table.insert(out, nick) end
end
return out)";

std::string hex(const void* data, std::size_t size) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    auto byte = static_cast<const unsigned char*>(data)[i];
    out += digits[byte >> 4];
    out += digits[byte & 15];
  }
  return out;
}

/// Wall-clock milliseconds: shared by every process of every host.
long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string cutoff(sockserv::Duration idle) {
  return std::to_string(now_ms() - std::chrono::duration_cast<std::chrono::milliseconds>(idle).count());
}

}  // namespace

UdpKeys UdpKeys::of_socket(const Keys& keys, int fd) {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  sockaddr_storage local{};
  socklen_t len = sizeof local;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
  std::size_t h = std::hash<std::string>{}(std::string(host) + "\n" + hex(&local, len));
  char token[17];
  std::snprintf(token, sizeof token, "%016llx", static_cast<unsigned long long>(h));
  return {keys, token};
}

std::string UdpKeys::peer_of_channel(std::string_view channel) const {
  std::string prefix = keys.member_channel("u" + token + ".");
  if (!channel.starts_with(prefix)) return "";
  return std::string(channel.substr(prefix.size()));
}

namespace udp_registrations {

std::string peer_key(const sockserv::Address& address) { return hex(address.data(), address.size()); }

std::optional<sockserv::Address> address_of(std::string_view peer) {
  sockaddr_storage storage{};
  if (peer.size() % 2 != 0 || peer.size() / 2 > sizeof storage) return std::nullopt;
  auto* bytes = reinterpret_cast<unsigned char*>(&storage);
  for (std::size_t i = 0; i < peer.size() / 2; ++i) {
    unsigned value = 0;
    if (std::sscanf(std::string(peer.substr(2 * i, 2)).c_str(), "%2x", &value) != 1)
      return std::nullopt;
    bytes[i] = static_cast<unsigned char>(value);
  }
  return sockserv::Address(reinterpret_cast<sockaddr*>(&storage), socklen_t(peer.size() / 2));
}

std::optional<std::string> nick_of(RedisConnection& c, const UdpKeys& k, const std::string& peer) {
  Reply r = c.command({"HGET", k.nicks(), peer});
  if (r.is_nil()) return std::nullopt;
  return r.str;
}

bool add(RedisConnection& c, const UdpKeys& k, const std::string& peer, const std::string& nick) {
  if (c.command({"HSETNX", k.nicks(), peer, nick}).integer == 0) return false;
  touch(c, k, peer);
  return true;
}

void rename(RedisConnection& c, const UdpKeys& k, const std::string& peer, const std::string& nick) {
  c.command({"HSET", k.nicks(), peer, nick});
}

void touch(RedisConnection& c, const UdpKeys& k, const std::string& peer) {
  c.command({"ZADD", k.seen(), std::to_string(now_ms()), peer});
}

std::vector<Registration> live(RedisConnection& c, const UdpKeys& k, sockserv::Duration idle) {
  Reply peers = c.command({"ZRANGEBYSCORE", k.seen(), "(" + cutoff(idle), "+inf"});
  std::vector<Registration> out;
  if (peers.elements.empty()) return out;
  std::vector<std::string> hmget{"HMGET", k.nicks()};
  for (const auto& p : peers.elements) hmget.push_back(p.str);
  Reply nicks = c.command(hmget);
  for (std::size_t i = 0; i < peers.elements.size() && i < nicks.elements.size(); ++i)
    if (!nicks.elements[i].is_nil()) out.push_back({peers.elements[i].str, nicks.elements[i].str});
  return out;
}

std::vector<Registration> take_expired(RedisConnection& c, const UdpKeys& k, sockserv::Duration idle) {
  Reply r = c.command({"EVAL", take_expired_script, "2", k.seen(), k.nicks(), cutoff(idle)});
  std::vector<Registration> out;
  for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2)
    out.push_back({r.elements[i].str, r.elements[i + 1].str});
  return out;
}

bool claim_delivery(RedisConnection& c, const UdpKeys& k, std::string_view id) {
  // Kept a minute: far longer than any relay takes to hear a message.
  return !c.command({"SET", k.sent(id), "1", "NX", "PX", "60000"}).is_nil();
}

}  // namespace udp_registrations
}  // namespace chat
