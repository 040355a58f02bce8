#pragma once
// chat: one connection to Redis. hiredis encodes the commands (redisFormatCommandArgv) and
// parses the replies (its RESP reader); every byte goes through a sockserv::Stream, so a
// wait blocks only the current task — a fiber suspends, a thread blocks. hiredis's own
// blocking connection is never used.

#include "backend.hpp"

#include <sockserv/endpoint.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/time.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct redisReader;

namespace chat {

/// One reply, copied out of hiredis's reply object.
struct Reply {
  int type = 0;                ///< REDIS_REPLY_STRING, _ARRAY, _INTEGER, _NIL, _STATUS, _ERROR
  long long integer = 0;       ///< for _INTEGER
  std::string str;             ///< for _STRING, _STATUS, _ERROR
  std::vector<Reply> elements;  ///< for _ARRAY

  bool is_nil() const noexcept;
  bool is_error() const noexcept;
};

/// A connection to Redis. Used by one task at a time, except interrupt(). Every failure —
/// refused, lost, timed out, an error reply to command() — is thrown as BackendDown.
class RedisConnection {
 public:
  /// Connects; `timeout` bounds the connect and each later read or write.
  RedisConnection(const sockserv::Endpoint& endpoint, sockserv::Duration timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Writes one command.
  void send(const std::vector<std::string>& args);
  /// The next reply; BackendDown if none comes within the timeout.
  Reply read();
  /// The next reply, or nullopt if none came within the timeout (a subscriber's idle tick).
  std::optional<Reply> poll();
  /// send() then read(); an error reply is thrown too.
  Reply command(const std::vector<std::string>& args);
  /// Shuts the socket down from another task: a read waiting on it ends with BackendDown.
  void interrupt() noexcept;
  /// True if Redis closed this connection, or sent what nobody asked for, while it lay idle
  /// between commands. Never waits.
  bool went_away() const noexcept;

 private:
  std::optional<Reply> next(bool timeout_is_failure);

  std::string where_;
  std::unique_ptr<sockserv::Stream> stream_;
  redisReader* reader_ = nullptr;
};

}  // namespace chat
