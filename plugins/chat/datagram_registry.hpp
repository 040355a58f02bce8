#pragma once
// chat: the classic UDP chat. `username@NAME` registers the sender's address under NAME;
// any other datagram from a registered address is said to the default room, which every
// registered address hears as `NAME: text`; silence for udp_idle_timeout unregisters.

#include "backend.hpp"
#include "member.hpp"
#include "settings.hpp"
#include "task_mutex.hpp"

#include <sockserv/datagram.hpp>

#include <map>
#include <memory>
#include <string>

namespace chat {

/// The registrations of one UDP chat server. Thread-safe; one datagram at a time.
class DatagramRegistry {
 public:
  DatagramRegistry(const Settings& settings, Backend& backend)
      : settings_(settings), backend_(backend) {}
  ~DatagramRegistry();

  /// Acts on one datagram, in the datagram's task.
  void on_datagram(sockserv::Datagram& datagram);

 private:
  struct Registration {
    std::shared_ptr<DatagramMember> member;
    std::unique_ptr<Link> link;
    std::string nick;
  };

  void enrol(const sockserv::Address& peer, const std::string& key, const std::string& nick);
  void rename(Registration& r, const std::string& nick);
  void sweep();
  void reply(const sockserv::Address& peer, const std::string& line);

  const Settings& settings_;
  Backend& backend_;
  TaskMutex mutex_;  // held across backend I/O (Redis), so a task mutex
  std::shared_ptr<const DatagramSocket> socket_;
  std::map<std::string, Registration> by_peer_;
};

}  // namespace chat
