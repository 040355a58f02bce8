// The text of the chat protocol: parsing lines, names, and the lines the server sends.
#include "protocol.hpp"
#include "redis_rooms.hpp"

#include <gtest/gtest.h>

namespace chat {
namespace {

TEST(ChatProtocol, CommandsAndText) {
  EXPECT_EQ(parse_input("/join dev").command, "join");
  EXPECT_EQ(parse_input("/join dev").argument, "dev");
  EXPECT_EQ(parse_input("/msg bob  hi there").argument, "bob  hi there");
  EXPECT_EQ(parse_input("/who").command, "who");
  EXPECT_EQ(parse_input("/who").argument, "");
  EXPECT_EQ(parse_input("hello").command, "");
  EXPECT_EQ(parse_input("hello").argument, "hello");
  EXPECT_EQ(parse_input("//etc/passwd").command, "");
  EXPECT_EQ(parse_input("//etc/passwd").argument, "/etc/passwd");
  EXPECT_EQ(parse_input("/").argument, "/");
}

TEST(ChatProtocol, Nicknames) {
  EXPECT_EQ(nick_problem("alice"), "");
  EXPECT_EQ(nick_problem("a.b-c_9"), "");
  EXPECT_NE(nick_problem(""), "");
  EXPECT_NE(nick_problem("two words"), "");
  EXPECT_NE(nick_problem("-dash"), "");
  EXPECT_NE(nick_problem(std::string(25, 'a')), "");
  EXPECT_EQ(nick_problem(std::string(24, 'a')), "");
  EXPECT_NE(nick_problem("caf\xC3\xA9"), "");
  EXPECT_EQ(room_problem(std::string(32, 'r')), "");
  EXPECT_NE(room_problem(std::string(33, 'r')), "");
  EXPECT_EQ(alternative_nick("bob", 2), "bob_2");
  EXPECT_EQ(alternative_nick(std::string(24, 'a'), 12), std::string(21, 'a') + "_12");
}

TEST(ChatProtocol, LinesSent) {
  EXPECT_EQ(said("alice", "hi"), "alice: hi");
  EXPECT_EQ(emote("alice", "waves"), "* alice waves");
  EXPECT_EQ(left("bob", "lobby", " (idle)"), "* bob left lobby (idle)");
  EXPECT_EQ(rooms_line({{"dev", 1}, {"lobby", 2}}), "* rooms: dev (1), lobby (2)");
  EXPECT_EQ(rooms_line({}), "* rooms: none");
  EXPECT_EQ(who_line("dev", {"a", "b"}), "* in dev: a, b");
  EXPECT_EQ(without_line_end("x\r\n"), "x");
  EXPECT_EQ(without_line_end("x\n"), "x");
  EXPECT_EQ(without_line_end("x"), "x");
}

TEST(ChatProtocol, RedisEnvelopes) {
  std::string first = redis_rooms::envelope("id1", "a: b\tc");
  std::string second = redis_rooms::envelope("id1", "a: b\tc");
  auto e = redis_rooms::open_envelope(first);
  EXPECT_EQ(e.origin, "id1");
  EXPECT_EQ(e.line, "a: b\tc");
  EXPECT_EQ(e.id.size(), 16u);
  EXPECT_NE(e.id, redis_rooms::open_envelope(second).id) << "each message has an id of its own";
  Keys keys{"chat:h:"};
  EXPECT_EQ(keys.room_channel("lobby"), "chat:h:room:lobby");
  EXPECT_EQ(keys.nick("bob"), "chat:h:nick:bob");
}

}  // namespace
}  // namespace chat
