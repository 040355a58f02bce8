#pragma once
// chat: the classic UDP chat (datagram_chat.hpp) with backend: redis. The registrations
// live in Redis (udp_registrations.hpp), so whichever process receives a datagram — a
// forked child, one of `processes: N` workers — acts on the same ones. Replies to the
// sender (history, errors, hints) go straight back through the server's socket; lines for
// the room are published, and the relay (udp_relay.hpp) sends them to every member once.

#include "datagram_chat.hpp"
#include "member.hpp"
#include "redis_rooms.hpp"
#include "relay_process.hpp"
#include "settings.hpp"
#include "udp_registrations.hpp"

#include <sockserv/log.hpp>

#include <map>
#include <memory>
#include <mutex>

namespace chat {

/// UDP chat through Redis.
class RedisDatagrams final : public DatagramChat {
 public:
  /// Forks the relay process: call while this process has a single thread.
  RedisDatagrams(const Settings& settings, std::shared_ptr<sockserv::Logger> log);

  void on_datagram(sockserv::Datagram& datagram) override;

 private:
  /// One datagram's context: the socket it came on, its sender.
  struct From {
    UdpKeys keys;
    std::shared_ptr<const DatagramSocket> socket;
    sockserv::Address address;
    std::string peer;  // its key in Redis
    void reply(const std::string& line) const { socket->send_to(address, line + "\n"); }
  };

  From from(sockserv::Datagram& d);
  void act(RedisConnection& c, const From& f, const std::string& text);
  void enrol(RedisConnection& c, const From& f, const std::string& nick);
  void rename(RedisConnection& c, const From& f, const std::string& from, const std::string& to);

  const Settings& settings_;
  const RedisSettings redis_;
  Commands commands_;
  RelayProcess relay_;
  std::mutex mutex_;
  std::map<int, std::pair<UdpKeys, std::shared_ptr<const DatagramSocket>>> sockets_;  // by fd
};

}  // namespace chat
