// `sockserv check` on chat configs: what cannot work is refused at the handler, saying why
// and what to use; the shipped configs pass.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace sockserv::test {
namespace {

class ChatCheck : public ::testing::Test {
 protected:
  Finished check(const std::string& server) {
    path = dir / "c.yaml";
    std::ofstream(path) << "servers:\n  chat:\n" << server << allow_root_line;
    return run_to_end({SOCKSERV_BIN, "check", path});
  }
  TempDir dir;
  std::string path;
};

TEST_F(ChatCheck, MemoryWithForkingIsRefusedSayingWhatToUse) {
  auto r = check("    listen: tcp://127.0.0.1:0\n    policy: forking\n"
                 "    handler: {plugin: chat, backend: memory}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":5:23: servers.chat.handler: plugin 'chat': backend: memory keeps "
                       "the rooms in one process, but policy 'forking' serves each connection in "
                       "a child process of its own"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("use policy threading or coroutine, or backend: redis"), std::string::npos);
}

TEST_F(ChatCheck, MemoryWithSeveralProcessesIsRefused) {
  auto r = check("    listen: tcp://127.0.0.1:0\n    policy: coroutine\n    processes: 3\n"
                 "    handler: {plugin: chat}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("servers.chat.handler: plugin 'chat': backend: memory keeps the rooms in "
                       "one process, but processes: 3 starts 3 processes with rooms of their own; "
                       "use processes: 1, or backend: redis"),
            std::string::npos)
      << r.err;
}

TEST_F(ChatCheck, RedisWithForkingAndProcessesIsFine) {
  auto r = check("    listen: tcp://127.0.0.1:0\n    policy: forking\n    processes: 2\n"
                 "    handler: {plugin: chat, backend: redis, redis: 'tcp://127.0.0.1:1'}\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(ChatCheck, SerialTcpIsRefusedAndRedisUdpUnderForkingAndProcessesIsFine) {
  auto serial = check("    listen: tcp://127.0.0.1:0\n    handler: {plugin: chat}\n");
  EXPECT_NE(serial.err.find("under policy 'serial' the next member would wait"), std::string::npos)
      << serial.err;
  auto udp = check("    listen: udp://127.0.0.1:0\n    policy: forking\n    processes: 2\n"
                   "    handler: {plugin: chat, backend: redis}\n");
  EXPECT_EQ(udp.exit_code, 0) << udp.err;
  auto memory = check("    listen: udp://127.0.0.1:0\n    policy: forking\n"
                      "    handler: {plugin: chat}\n");
  EXPECT_NE(memory.err.find("policy 'forking' serves each datagram in a child process"),
            std::string::npos)
      << memory.err;
}

TEST_F(ChatCheck, EachListedEndpointMustBeATransportTheChatServes) {
  auto r = check("    listen: [tcp://127.0.0.1:0, unixgram:///tmp/chat.dgram]\n"
                 "    policy: threading\n    handler: {plugin: chat}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":3:33: servers.chat.listen: plugin 'chat' does not serve unixgram "
                       "(unixgram:///tmp/chat.dgram); it serves tcp, udp, unix"),
            std::string::npos)
      << r.err;
}

TEST_F(ChatCheck, SeveralEndpointsUnderForkingAreRefused) {
  auto r = check("    listen: [tcp://127.0.0.1:0, udp://127.0.0.1:0]\n    policy: forking\n"
                 "    handler: {plugin: chat, backend: redis}\n");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(path + ":4:13: servers.chat.policy.type: policy 'forking' needs a process "
                       "with a single thread, but a server with 2 endpoints serves each on a "
                       "thread of its own"),
            std::string::npos)
      << r.err;
}

TEST_F(ChatCheck, ARedisEndpointMustBeTcpOrUnix) {
  auto r = check("    listen: tcp://127.0.0.1:0\n    policy: threading\n"
                 "    handler: {plugin: chat, backend: redis, redis: 'udp://127.0.0.1:6379'}\n");
  EXPECT_NE(r.err.find("redis: 'udp://127.0.0.1:6379' must be tcp://HOST:PORT or unix:///PATH"),
            std::string::npos)
      << r.err;
}

TEST_F(ChatCheck, TheShippedChatConfigsPass) {
  for (const char* file : {"chat.yaml", "chat-redis.yaml", "sockserv.yaml"}) {
    auto r = run_to_end({SOCKSERV_BIN, "check", SOCKSERV_SOURCE_DIR "/conf/" + std::string(file)});
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.err;
  }
}

}  // namespace
}  // namespace sockserv::test
