#pragma once
// chat: the text of the protocol. What a line from a member means, which names are valid,
// and every line the server sends, in one place for both transports and both backends.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace chat {

/// One line from a TCP member: a command ("/who") or text to say (command empty).
struct Input {
  std::string command;   ///< "nick", "join", ... without the slash; empty for plain text
  std::string argument;  ///< the rest after one space (plain text: the whole line)
};

/// Reads a line: "/cmd arg" is a command, "//text" says "/text", anything else is text.
Input parse_input(std::string_view line);

/// Why `nick` cannot be a nickname, or empty if it can: 1-24 letters, digits, '_', '-', '.'.
std::string nick_problem(std::string_view nick);
/// Why `room` cannot be a room name, or empty if it can (the same rules, up to 32).
std::string room_problem(std::string_view room);
/// The n-th alternative to a nickname that is taken: "bob_2", "bob_3" ...
std::string alternative_nick(std::string_view nick, int n);

/// `text` without a trailing "\n" or "\r\n" (a datagram typed into `nc -u` has one).
std::string_view without_line_end(std::string_view text);

/// A room and how many members are in it, for /rooms.
struct RoomCount {
  std::string room;
  std::size_t members = 0;
};

// Lines sent to members. Notices start with "* ", errors with "! ".

/// "alice: text"
std::string said(std::string_view nick, std::string_view text);
/// "* alice waves"
std::string emote(std::string_view nick, std::string_view text);
/// "* alice joined lobby"
std::string joined(std::string_view nick, std::string_view room);
/// "* alice left lobby" plus `why` (" (idle)", " (disconnected: ...)").
std::string left(std::string_view nick, std::string_view room, std::string_view why = {});
/// "* alice is now known as alicia"
std::string renamed(std::string_view from, std::string_view to);
/// "! nickname 'bob' is taken; try 'bob_2'"
std::string nick_taken(std::string_view nick, std::string_view suggestion);
/// "* in lobby: alice, bob"
std::string who_line(std::string_view room, const std::vector<std::string>& nicks);
/// "* rooms: dev (1), lobby (2)"
std::string rooms_line(const std::vector<RoomCount>& rooms);
/// "(private) alice: text", as the recipient of /msg sees it.
std::string private_message(std::string_view from, std::string_view text);
/// The /help text, one line each.
std::vector<std::string> help_lines();

inline constexpr std::string_view ask_nick = "* What is your nickname?";
inline constexpr std::string_view udp_hint =
    "! you are not registered: send username@NAME first";
inline constexpr std::string_view backend_lost = "* chat backend lost, reconnecting";
inline constexpr std::string_view backend_back = "* chat backend back";
inline constexpr std::string_view backend_down =
    "! chat backend unavailable (reconnecting); not done, try again shortly";

}  // namespace chat
