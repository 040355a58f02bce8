#pragma once
// chat, backend: redis: the UDP registrations of one server socket, kept in Redis so that
// every process serving that socket (forked children, `processes: N` workers) acts on the
// same ones. A socket is named by a token: a hash of the host's name and the socket's local
// address, so the same config on two hosts gives two sets of registrations.
//
//   chat:HUB:udp:TOKEN:nicks      hash, peer -> nickname
//   chat:HUB:udp:TOKEN:seen       sorted set of peers, scored by their last datagram (ms)
//   chat:HUB:udp:TOKEN:sent:MSG   set by the one relay that delivers message MSG to them
//   chat:HUB:udp:TOKEN:keeper     the relay that tells them of Redis going and coming
//
// A peer is the hex of its socket address; its member id is "uTOKEN.PEER", so a relay
// hears every /msg to the socket's members with one PSUBSCRIBE.

#include "redis_connection.hpp"
#include "redis_rooms.hpp"

#include <sockserv/address.hpp>
#include <sockserv/time.hpp>

#include <optional>
#include <string>
#include <vector>

namespace chat {

/// The keys of one server socket's registrations.
struct UdpKeys {
  Keys keys;          ///< the hub's
  std::string token;  ///< 16 hex digits naming the socket

  /// The keys of the socket `fd` (its local address, and this host's name).
  static UdpKeys of_socket(const Keys& keys, int fd);

  std::string base() const { return keys.prefix + "udp:" + token + ":"; }
  std::string nicks() const { return base() + "nicks"; }
  std::string seen() const { return base() + "seen"; }
  std::string sent(std::string_view message_id) const { return base() + "sent:" + std::string(message_id); }
  std::string keeper() const { return base() + "keeper"; }
  /// The member id of the registration of `peer`.
  std::string member_id(std::string_view peer) const { return "u" + token + "." + std::string(peer); }
  /// The pattern of every such member's private channel.
  std::string member_pattern() const { return keys.member_channel("u" + token + ".*"); }
  /// The peer of a member channel of this socket; empty if it is not one.
  std::string peer_of_channel(std::string_view channel) const;
};

/// A registration: who, from where.
struct Registration {
  std::string peer;  ///< hex of the socket address
  std::string nick;
};

/// Steps on the registrations, each a few commands on `c`.
namespace udp_registrations {

/// The hex form of `address`, as kept in Redis.
std::string peer_key(const sockserv::Address& address);
/// The address of a peer key; nullopt if it is not one.
std::optional<sockserv::Address> address_of(std::string_view peer);

/// The nickname `peer` is registered under, if it is.
std::optional<std::string> nick_of(RedisConnection& c, const UdpKeys& k, const std::string& peer);
/// Registers `peer` as `nick`, seen now; false if it was registered already (a datagram
/// handled at the same moment by another process was first).
bool add(RedisConnection& c, const UdpKeys& k, const std::string& peer, const std::string& nick);
/// Renames the registration of `peer`.
void rename(RedisConnection& c, const UdpKeys& k, const std::string& peer, const std::string& nick);
/// `peer` sent a datagram: it lives another udp_idle_timeout.
void touch(RedisConnection& c, const UdpKeys& k, const std::string& peer);
/// Every registration seen within `idle`.
std::vector<Registration> live(RedisConnection& c, const UdpKeys& k, sockserv::Duration idle);
/// Removes the registrations silent for longer than `idle` and returns them. Atomic: of
/// several relays sweeping at once, each expired registration goes to exactly one.
std::vector<Registration> take_expired(RedisConnection& c, const UdpKeys& k, sockserv::Duration idle);
/// True for the one caller that claims message `id` for the socket's members.
bool claim_delivery(RedisConnection& c, const UdpKeys& k, std::string_view id);

}  // namespace udp_registrations
}  // namespace chat
