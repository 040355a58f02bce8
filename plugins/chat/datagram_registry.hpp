#pragma once
// chat: the classic UDP chat (datagram_chat.hpp) with the registrations in this process's
// memory: backend memory, one process.

#include "backend.hpp"
#include "datagram_chat.hpp"
#include "member.hpp"
#include "settings.hpp"
#include "task_mutex.hpp"

#include <sockserv/datagram.hpp>

#include <map>
#include <memory>
#include <string>

namespace chat {

/// The registrations of one UDP chat server. Thread-safe; one datagram at a time.
class DatagramRegistry final : public DatagramChat {
 public:
  DatagramRegistry(const Settings& settings, Backend& backend)
      : settings_(settings), backend_(backend) {}
  ~DatagramRegistry() override;

  void on_datagram(sockserv::Datagram& datagram) override;

 private:
  struct Registration {
    std::shared_ptr<DatagramMember> member;  // sends through the socket it registered on
    std::unique_ptr<Link> link;
    std::string nick;
  };

  void enrol(std::shared_ptr<const DatagramSocket> socket, const sockserv::Address& peer,
             const std::string& key, const std::string& nick);
  void rename(Registration& r, const std::string& nick);
  void sweep();
  void reply(const DatagramSocket& socket, const sockserv::Address& peer, const std::string& line);

  const Settings& settings_;
  Backend& backend_;
  TaskMutex mutex_;  // held across backend I/O (Redis), so a task mutex
  std::map<int, std::shared_ptr<const DatagramSocket>> sockets_;  // by the server's fd
  std::map<std::string, Registration> by_peer_;
};

}  // namespace chat
