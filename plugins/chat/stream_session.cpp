#include "stream_session.hpp"

#include <sockserv/error.hpp>
#include <sockserv/spawn.hpp>

namespace chat {
namespace {

/// Leaves the hub however the member ends: the room hears why.
std::string leave_reason(const StreamMember& member) {
  std::string why = member.disconnected();
  return why.empty() ? "" : " (disconnected: " + why + ")";
}

}  // namespace

void StreamSession::handle(sockserv::Stream& stream) {
  member_ = std::make_shared<StreamMember>(new_member_id(), stream, settings_.outbox);
  auto writer = sockserv::spawn([member = member_] { member->write_loop(); });
  try {
    serve(stream);
  } catch (...) {
    // Cancelled at the drain deadline, or a bug: leave, and let the framework join the writer.
    if (link_) link_->leave(leave_reason(*member_));
    member_->detach();
    throw;
  }
  if (link_) link_->leave(leave_reason(*member_));
  member_->close();
  writer.join();
  member_->detach();
}

void StreamSession::serve(sockserv::Stream& stream) {
  if (!settings_.greeting.empty()) tell(settings_.greeting);
  try {
    link_ = backend_.link(member_);
    if (!choose_nick(stream)) return;
    join(default_room);
  } catch (const BackendDown&) {
    return tell(std::string(backend_down));
  } catch (const sockserv::ConnectionError&) {
    return;
  }
  bool too_long = false;
  try {
    while (auto line = next_line(stream, too_long)) {
      if (too_long)
        tell("! line too long (over " + std::to_string(settings_.max_line) + " bytes); not sent");
      else if (!on_line(*line))
        break;
    }
  } catch (const sockserv::ConnectionError&) {
    // the peer reset, or disconnect() shut the socket down under a read
  }
}

std::optional<std::string> StreamSession::next_line(sockserv::Stream& stream, bool& too_long) {
  too_long = false;
  try {
    return stream.read_line(settings_.max_line);
  } catch (const sockserv::LineTooLongError&) {
    too_long = true;
  }
  // read_line left the over-long start unread, with no newline in its first max_line + 1
  // bytes: drop max_line bytes at a time until the line's end.
  std::string skip(settings_.max_line, '\0');
  for (;;) {
    if (stream.read_exact(skip.data(), skip.size()) < skip.size()) return std::nullopt;
    try {
      if (!stream.read_line(settings_.max_line)) return std::nullopt;
      return std::string();
    } catch (const sockserv::LineTooLongError&) {
    }
  }
}

bool StreamSession::choose_nick(sockserv::Stream& stream) {
  tell(std::string(ask_nick));
  bool too_long = false;
  while (auto line = next_line(stream, too_long)) {
    std::string nick(*line);
    while (!nick.empty() && nick.back() == ' ') nick.pop_back();
    if (nick.starts_with("/nick ")) nick = parse_input(nick).argument;
    if (nick == "/quit") return false;
    if (too_long || nick.empty()) {
      tell(std::string(ask_nick));
    } else if (auto problem = nick_problem(nick); !problem.empty()) {
      tell("! " + problem);
    } else {
      try {
        Claim claim = link_->claim(nick);
        if (claim.ok) {
          nick_ = nick;
          tell("* you are " + nick_ + "; /help lists the commands");
          return true;
        }
        tell(nick_taken(nick, claim.suggestion));
      } catch (const BackendDown&) {
        tell(std::string(backend_down));
      }
    }
  }
  return false;
}

bool StreamSession::on_line(const std::string& line) {
  Input in = parse_input(line);
  try {
    if (!in.command.empty()) return on_command(in);
    if (in.argument.find_first_not_of(' ') != std::string::npos) link_->say(said(nick_, in.argument));
  } catch (const BackendDown&) {
    tell(std::string(backend_down));
  }
  return true;
}

bool StreamSession::on_command(const Input& in) {
  const std::string& c = in.command;
  if (c == "quit") {
    tell("* bye");
    return false;
  }
  if (c == "nick") {
    change_nick(in.argument);
  } else if (c == "join") {
    join(in.argument);
  } else if (c == "rooms") {
    tell(rooms_line(link_->rooms()));
  } else if (c == "who") {
    tell(who_line(room_, link_->who()));
  } else if (c == "msg") {
    send_private(in.argument);
  } else if (c == "me") {
    if (in.argument.empty()) tell("! usage: /me TEXT");
    else link_->say(emote(nick_, in.argument));
  } else if (c == "help") {
    for (const auto& l : help_lines()) tell(l);
  } else {
    tell("! unknown command '/" + c + "'; /help lists the commands");
  }
  return true;
}

void StreamSession::change_nick(const std::string& nick) {
  if (auto problem = nick_problem(nick); !problem.empty()) return tell("! " + problem);
  if (nick == nick_) return tell("* you are " + nick_ + " already");
  Claim claim = link_->claim(nick);
  if (!claim.ok) return tell(nick_taken(nick, claim.suggestion));
  nick_ = nick;
  tell("* you are now " + nick_);
}

void StreamSession::join(const std::string& room) {
  if (auto problem = room_problem(room); !problem.empty()) return tell("! " + problem);
  if (room == room_) return tell("* you are in " + room_ + " already");
  link_->join(room);
  room_ = room;
  tell("* you joined " + room_ + "; " + who_line(room_, link_->who()).substr(2));
}

void StreamSession::send_private(const std::string& argument) {
  std::size_t space = argument.find(' ');
  if (space == std::string::npos || space + 1 >= argument.size())
    return tell("! usage: /msg NICK TEXT");
  std::string to = argument.substr(0, space);
  std::string text = argument.substr(space + 1);
  if (!link_->tell(to, private_message(nick_, text)))
    return tell("! no such nickname '" + to + "'");
  tell("(private to " + to + ") " + text);
}

}  // namespace chat
