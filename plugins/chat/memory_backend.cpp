#include "memory_backend.hpp"

#include <algorithm>
#include <utility>

namespace chat {
namespace {

/// A member's link to a Hub: each call is one locked step of the hub.
class MemoryLink final : public Link {
 public:
  MemoryLink(std::shared_ptr<Hub> hub, std::shared_ptr<Member> member)
      : hub_(std::move(hub)), member_(std::move(member)) {}
  ~MemoryLink() override { leave(""); }

  Claim claim(const std::string& nick) override { return hub_->claim(member_, nick); }
  void join(const std::string& room) override { hub_->join(*member_, room); }
  void say(const std::string& line) override { hub_->say(*member_, line); }
  bool tell(const std::string& nick, const std::string& line) override {
    return hub_->tell(nick, line);
  }
  std::vector<std::string> who() override { return hub_->who(*member_); }
  std::vector<RoomCount> rooms() override { return hub_->rooms(); }
  void leave(const std::string& why) noexcept override {
    try {
      hub_->leave(*member_, why);
    } catch (...) {  // only allocation can fail here; the member is gone either way
    }
  }

 private:
  std::shared_ptr<Hub> hub_;
  std::shared_ptr<Member> member_;
};

}  // namespace

std::shared_ptr<Hub> Hub::named(const std::string& name, std::size_t history) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<Hub>> hubs;
  std::lock_guard lock(mutex);
  auto& slot = hubs[name];
  auto hub = slot.lock();
  if (!hub) slot = hub = std::make_shared<Hub>(history);
  return hub;
}

Claim Hub::claim(const std::shared_ptr<Member>& member, const std::string& nick) {
  std::lock_guard lock(mutex_);
  sweep_locked();
  if (auto taken = ids_.find(nick); taken != ids_.end()) {
    if (taken->second == member->id()) return {true, ""};
    for (int n = 2;; ++n)
      if (auto other = alternative_nick(nick, n); !ids_.contains(other)) return {false, other};
  }
  auto it = members_.find(member->id());
  if (it == members_.end()) {
    members_.emplace(member->id(), Entry{member, nick, ""});
    ids_[nick] = member->id();
    return {true, ""};
  }
  Entry& e = it->second;
  std::string old = std::exchange(e.nick, nick);
  ids_.erase(old);
  ids_[nick] = member->id();
  if (!e.room.empty()) to_room_locked(e.room, renamed(old, nick), member->id());
  return {true, ""};
}

void Hub::join(const Member& member, const std::string& room) {
  std::lock_guard lock(mutex_);
  sweep_locked();
  auto it = members_.find(member.id());
  if (it == members_.end() || it->second.room == room) return;
  Entry& e = it->second;
  if (!e.room.empty()) {
    rooms_[e.room].ids.erase(member.id());
    to_room_locked(e.room, left(e.nick, e.room), member.id());
    if (auto old = rooms_.find(e.room); old->second.ids.empty() && old->second.history.empty())
      rooms_.erase(old);
  }
  Room& r = rooms_[room];
  for (const auto& line : r.history) e.member->deliver(line);
  r.ids.insert(member.id());
  e.room = room;
  to_room_locked(room, joined(e.nick, room), member.id());
}

void Hub::say(const Member& member, const std::string& line) {
  std::lock_guard lock(mutex_);
  sweep_locked();
  auto it = members_.find(member.id());
  if (it == members_.end() || it->second.room.empty()) return;
  Room& r = rooms_[it->second.room];
  r.history.push_back(line);
  while (r.history.size() > history_) r.history.pop_front();
  to_room_locked(it->second.room, line, member.id());
}

bool Hub::tell(const std::string& nick, const std::string& line) {
  std::lock_guard lock(mutex_);
  sweep_locked();
  auto id = ids_.find(nick);
  if (id == ids_.end()) return false;
  members_.at(id->second).member->deliver(line);
  return true;
}

std::vector<std::string> Hub::who(const Member& member) {
  std::lock_guard lock(mutex_);
  sweep_locked();
  std::vector<std::string> nicks;
  auto it = members_.find(member.id());
  if (it == members_.end() || it->second.room.empty()) return nicks;
  for (const auto& id : rooms_[it->second.room].ids) nicks.push_back(members_.at(id).nick);
  std::sort(nicks.begin(), nicks.end());
  return nicks;
}

std::vector<RoomCount> Hub::rooms() {
  std::lock_guard lock(mutex_);
  sweep_locked();
  std::vector<RoomCount> out;
  for (const auto& [name, room] : rooms_)
    if (!room.ids.empty()) out.push_back({name, room.ids.size()});
  return out;
}

void Hub::leave(const Member& member, const std::string& why) {
  std::lock_guard lock(mutex_);
  if (members_.contains(member.id())) remove_locked(member.id(), why);
}

void Hub::sweep_locked() {
  std::vector<std::string> gone;
  for (const auto& [id, e] : members_)
    if (e.member->expired()) gone.push_back(id);
  for (const auto& id : gone) remove_locked(id, " (idle)");
}

void Hub::remove_locked(const std::string& id, const std::string& why) {
  auto it = members_.find(id);
  Entry e = std::move(it->second);
  members_.erase(it);
  if (auto n = ids_.find(e.nick); n != ids_.end() && n->second == id) ids_.erase(n);
  if (e.room.empty()) return;
  auto room = rooms_.find(e.room);
  room->second.ids.erase(id);
  to_room_locked(e.room, left(e.nick, e.room, why), id);
  if (room->second.ids.empty() && room->second.history.empty()) rooms_.erase(room);
}

void Hub::to_room_locked(const std::string& room, const std::string& line,
                         const std::string& except) {
  auto r = rooms_.find(room);
  if (r == rooms_.end()) return;
  for (const auto& id : r->second.ids)
    if (id != except) members_.at(id).member->deliver(line);
}

std::unique_ptr<Link> MemoryBackend::link(std::shared_ptr<Member> member) {
  return std::make_unique<MemoryLink>(hub_, std::move(member));
}

}  // namespace chat
