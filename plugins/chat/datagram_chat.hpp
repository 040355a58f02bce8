#pragma once
// chat: the classic UDP chat, as the plugin's datagram handlers see it. `username@NAME`
// registers the sender's address under NAME; any other datagram from a registered address
// is said to the default room, which every registered address hears as `NAME: text`;
// silence for udp_idle_timeout unregisters. Kept in memory (DatagramRegistry) or in Redis
// (RedisDatagrams).

#include <sockserv/datagram.hpp>

namespace chat {

/// The registrations of one UDP chat server. Thread-safe.
class DatagramChat {
 public:
  virtual ~DatagramChat() = default;
  /// Acts on one datagram, in the datagram's task.
  virtual void on_datagram(sockserv::Datagram& datagram) = 0;
};

}  // namespace chat
