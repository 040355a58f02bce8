#include "datagram_registry.hpp"

#include <mutex>

namespace chat {

DatagramRegistry::~DatagramRegistry() {
  for (auto& [key, r] : by_peer_) r.link->leave("");
}

void DatagramRegistry::on_datagram(sockserv::Datagram& d) {
  std::lock_guard lock(mutex_);
  // A server may listen on several datagram endpoints: answer each peer from its own.
  auto& socket = sockets_[d.native_handle()];
  if (!socket) socket = std::make_shared<DatagramSocket>(d.native_handle());
  sweep();
  std::string text(without_line_end(d.data()));
  std::string key = d.peer().to_string();
  try {
    if (text.starts_with("username@")) {
      std::string nick = text.substr(9);
      if (auto problem = nick_problem(nick); !problem.empty())
        return reply(*socket, d.peer(), "! " + problem);
      auto it = by_peer_.find(key);
      if (it == by_peer_.end()) return enrol(socket, d.peer(), key, nick);
      it->second.member->touch();
      return rename(it->second, nick);
    }
    auto it = by_peer_.find(key);
    if (it == by_peer_.end()) return reply(*socket, d.peer(), std::string(udp_hint));
    Registration& r = it->second;
    r.member->touch();
    if (text.find_first_not_of(" \t") == std::string::npos) return;
    std::string line = said(r.nick, text);
    r.link->say(line);
    r.member->deliver(line);  // the classic protocol: everyone hears it, the sender too
  } catch (const BackendDown&) {
    reply(*socket, d.peer(), std::string(backend_down));
  }
}

void DatagramRegistry::enrol(std::shared_ptr<const DatagramSocket> socket,
                             const sockserv::Address& peer, const std::string& key,
                             const std::string& nick) {
  auto member = std::make_shared<DatagramMember>(new_member_id(), socket, peer,
                                                 settings_.udp_idle_timeout);
  auto link = backend_.shared_link(member);
  Claim claim = link->claim(nick);
  if (!claim.ok) {
    link->leave("");
    return reply(*socket, peer, nick_taken(nick, claim.suggestion));
  }
  link->join(default_room);
  member->deliver(joined(nick, default_room));
  by_peer_.emplace(key, Registration{member, std::move(link), nick});
}

void DatagramRegistry::rename(Registration& r, const std::string& nick) {
  if (nick == r.nick) return void(r.member->deliver("* you are " + nick + " already"));
  Claim claim = r.link->claim(nick);
  if (!claim.ok) return void(r.member->deliver(nick_taken(nick, claim.suggestion)));
  r.member->deliver(renamed(r.nick, nick));
  r.nick = nick;
}

void DatagramRegistry::sweep() {
  for (auto it = by_peer_.begin(); it != by_peer_.end();) {
    if (it->second.member->expired()) {
      it->second.link->leave(" (idle)");
      it = by_peer_.erase(it);
    } else {
      ++it;
    }
  }
}

void DatagramRegistry::reply(const DatagramSocket& socket, const sockserv::Address& peer,
                             const std::string& line) {
  socket.send_to(peer, line + "\n");
}

}  // namespace chat
