#pragma once
// chat: backend: memory. Rooms in this process's memory, shared by every chat server of
// the process with the same `hub` — a TCP and a UDP server embedded in one program share
// their rooms; `sockserv run` starts each server in its own process, so there they do not.

#include "backend.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace chat {

/// The rooms and nicknames of one hub. Thread-safe; no call ever waits on a member.
class Hub {
 public:
  explicit Hub(std::size_t history) : history_(history) {}

  /// The hub named `name` in this process, made on first use and kept while used.
  static std::shared_ptr<Hub> named(const std::string& name, std::size_t history);

  Claim claim(const std::shared_ptr<Member>& member, const std::string& nick);
  void join(const Member& member, const std::string& room);
  void say(const Member& member, const std::string& line);
  bool tell(const std::string& nick, const std::string& line);
  std::vector<std::string> who(const Member& member);
  std::vector<RoomCount> rooms();
  void leave(const Member& member, const std::string& why);

 private:
  struct Entry {
    std::shared_ptr<Member> member;
    std::string nick;
    std::string room;  ///< empty until the first join
  };
  struct Room {
    std::set<std::string> ids;
    std::deque<std::string> history;
  };

  void sweep_locked();
  void remove_locked(const std::string& id, const std::string& why);
  void to_room_locked(const std::string& room, const std::string& line, const std::string& except);

  const std::size_t history_;
  std::mutex mutex_;
  std::map<std::string, Entry> members_;    ///< by member id
  std::map<std::string, std::string> ids_;  ///< member id by nickname
  std::map<std::string, Room> rooms_;
};

/// backend: memory.
class MemoryBackend final : public Backend {
 public:
  /// Rooms of the hub `hub` in this process.
  MemoryBackend(const std::string& hub, std::size_t history) : hub_(Hub::named(hub, history)) {}
  std::unique_ptr<Link> link(std::shared_ptr<Member> member) override;

 private:
  std::shared_ptr<Hub> hub_;
};

}  // namespace chat
