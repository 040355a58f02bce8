#include "protocol.hpp"

#include <cctype>

namespace chat {
namespace {

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string name_problem(std::string_view name, std::size_t max, std::string_view what) {
  bool ok = !name.empty() && name.size() <= max && name.front() != '-' && name.front() != '.';
  for (char c : name) ok = ok && name_char(c);
  if (ok) return {};
  return "'" + std::string(name) + "' is not a valid " + std::string(what) + ": use 1-" +
         std::to_string(max) + " letters, digits, '_', '-' or '.' (not first: '-' or '.')";
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Input parse_input(std::string_view line) {
  if (line.size() < 2 || line[0] != '/' || line[1] == '/') {
    if (line.starts_with("//")) line.remove_prefix(1);
    return {"", std::string(line)};
  }
  line.remove_prefix(1);
  std::size_t space = line.find(' ');
  Input in{std::string(line.substr(0, space)), ""};
  if (space != std::string_view::npos) {
    std::string_view rest = line.substr(space + 1);
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    in.argument = std::string(rest);
  }
  return in;
}

std::string nick_problem(std::string_view nick) { return name_problem(nick, 24, "nickname"); }
std::string room_problem(std::string_view room) { return name_problem(room, 32, "room name"); }

std::string alternative_nick(std::string_view nick, int n) {
  std::string suffix = "_" + std::to_string(n);
  return std::string(nick.substr(0, 24 - suffix.size())) + suffix;
}

std::string_view without_line_end(std::string_view text) {
  if (text.ends_with('\n')) text.remove_suffix(1);
  if (text.ends_with('\r')) text.remove_suffix(1);
  return text;
}

std::string said(std::string_view nick, std::string_view text) {
  return std::string(nick) + ": " + std::string(text);
}
std::string emote(std::string_view nick, std::string_view text) {
  return "* " + std::string(nick) + " " + std::string(text);
}
std::string joined(std::string_view nick, std::string_view room) {
  return "* " + std::string(nick) + " joined " + std::string(room);
}
std::string left(std::string_view nick, std::string_view room, std::string_view why) {
  return "* " + std::string(nick) + " left " + std::string(room) + std::string(why);
}
std::string renamed(std::string_view from, std::string_view to) {
  return "* " + std::string(from) + " is now known as " + std::string(to);
}
std::string nick_taken(std::string_view nick, std::string_view suggestion) {
  return "! nickname '" + std::string(nick) + "' is taken; try '" + std::string(suggestion) + "'";
}
std::string who_line(std::string_view room, const std::vector<std::string>& nicks) {
  return "* in " + std::string(room) + ": " + join_names(nicks);
}
std::string rooms_line(const std::vector<RoomCount>& rooms) {
  std::vector<std::string> parts;
  for (const auto& r : rooms) parts.push_back(r.room + " (" + std::to_string(r.members) + ")");
  return "* rooms: " + (parts.empty() ? std::string("none") : join_names(parts));
}
std::string private_message(std::string_view from, std::string_view text) {
  return "(private) " + said(from, text);
}

std::vector<std::string> help_lines() {
  return {"* commands:",
          "*   /nick NAME       change your nickname",
          "*   /join ROOM       leave this room for ROOM (made if new)",
          "*   /rooms           list the rooms and how many are in each",
          "*   /who             list who is in this room",
          "*   /msg NICK TEXT   send TEXT to NICK only",
          "*   /me TEXT         act: \"* you TEXT\"",
          "*   /quit            leave",
          "*   /help            this list",
          "* any other line is said to your room; start it with // to say a leading /"};
}

}  // namespace chat
