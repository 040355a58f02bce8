#pragma once
// chat: where rooms live. A Backend gives each member a Link; the session (TCP) or the
// registry (UDP) speaks to rooms only through it, so both backends serve both transports.

#include "member.hpp"
#include "protocol.hpp"

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace chat {

/// The backend cannot be reached now (Redis down): the member is told, the session goes on.
class BackendDown : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The outcome of asking for a nickname.
struct Claim {
  bool ok = false;         ///< the member has the nickname now
  std::string suggestion;  ///< when not ok: a free alternative
};

/// One member's way into the rooms of its hub. Used by one task at a time (the member's
/// own); every call may throw BackendDown.
class Link {
 public:
  virtual ~Link() = default;
  /// Takes `nick` (valid) as the member's nickname, its first or a new one; a change is
  /// announced to its room.
  virtual Claim claim(const std::string& nick) = 0;
  /// Moves the member (which has a nickname) into `room`, out of its current one: the old
  /// room hears it left, the member gets the room's history, the new room hears it joined.
  virtual void join(const std::string& room) = 0;
  /// Sends `line` to everyone else in the member's room, and keeps it in the room's history.
  virtual void say(const std::string& line) = 0;
  /// Sends `line` to the member named `nick` only; false if there is none.
  virtual bool tell(const std::string& nick, const std::string& line) = 0;
  /// The nicknames in the member's room, sorted.
  virtual std::vector<std::string> who() = 0;
  /// Every room with members, sorted by name.
  virtual std::vector<RoomCount> rooms() = 0;
  /// The member leaves for good; its room hears it, with `why` appended. Never throws.
  virtual void leave(const std::string& why) noexcept = 0;
};

/// The rooms of one hub, as one plugin instance reaches them.
class Backend {
 public:
  virtual ~Backend() = default;
  /// A link for a member with a task of its own for as long as it is a member (a stream
  /// session), called in that task: it may start sibling tasks there.
  virtual std::unique_ptr<Link> link(std::shared_ptr<Member> member) = 0;
  /// A link for a member without a task of its own (a UDP registration, which outlives the
  /// datagram that made it): anything long-lived runs in the plugin. Default: link().
  virtual std::unique_ptr<Link> shared_link(std::shared_ptr<Member> member) {
    return link(std::move(member));
  }
};

}  // namespace chat
