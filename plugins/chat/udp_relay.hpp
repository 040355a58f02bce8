#pragma once
// chat, backend: redis: the relay of a UDP chat server's room to its registered members. It
// runs in a process of its own (relay_process.hpp), one per serving process, and is handed
// the server's UDP socket by the first datagram. Registrations live in Redis
// (udp_registrations.hpp), so every relay of a socket sees the same members, and each line
// reaches each member exactly once: the relays hearing a line race to claim it in Redis
// (SET NX), and only the winner sends it, to every member, through the server's socket.
// The keeper (a lease in Redis, one relay per socket) tells members when Redis goes and
// comes back; any relay expires silent members (atomically, so each leaves once), keeps
// their listings fresh, and lists them again after Redis restarts.

#include "member.hpp"
#include "redis_rooms.hpp"
#include "redis_subscription.hpp"
#include "udp_registrations.hpp"

#include <sockserv/log.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace chat {

/// The relay; run() on one thread, add_socket() from another.
class UdpRelay final : private Subscription::Handler {
 public:
  UdpRelay(const RedisSettings& settings, sockserv::Duration idle,
           std::shared_ptr<sockserv::Logger> log);

  /// Relays until the process ends.
  void run() { subscription_.run(); }
  /// A serving process hands over the server's socket `fd` (taken over) and `ack` (taken
  /// over): one byte is written to `ack` once this relay hears the socket's members' lines.
  void add_socket(int fd, int ack);

 private:
  struct Socket {
    UdpKeys keys;
    std::shared_ptr<const DatagramSocket> socket;
    bool subscribed = false;
    bool keeper = false;
    std::vector<int> acks;              // waiting for the subscription
    std::vector<Registration> known;    // as last read: to tell, or list again, when Redis is back
                                        // (these and keeper: the relaying thread's only)
  };

  std::vector<std::vector<std::string>> subscriptions() override;
  void on_message(const std::string& channel, const std::string& payload) override;
  void on_subscribed(const std::string& name) override;
  void on_lost(const std::string& why) override;
  void on_back() override;
  void on_idle() override;

  std::vector<Socket*> snapshot();
  void send(const Socket& s, const std::string& peer, const std::string& line);
  void tend(RedisConnection& c, Socket& s, bool beat);
  Presence presence(const Socket& s, const Registration& r) const;

  const RedisSettings& settings_;
  const sockserv::Duration idle_;
  std::shared_ptr<sockserv::Logger> log_;
  const std::string id_ = new_member_id();  // names this relay as a keeper
  Commands commands_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Socket>> sockets_;  // by token, under mutex_
  bool lobby_subscribed_ = false;                           // under mutex_
  bool told_lost_ = false;
  sockserv::Clock::time_point next_tick_{};  // the relaying thread's (on_subscribed is too)
  sockserv::Clock::time_point next_beat_{};
  Subscription subscription_;
};

}  // namespace chat
