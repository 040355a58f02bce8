#include "redis_connection.hpp"

#include <sockserv/connect.hpp>
#include <sockserv/error.hpp>

#include <hiredis/hiredis.h>

#include <sys/socket.h>

#include <cerrno>

namespace chat {
namespace {

Reply copy(const redisReply& r) {
  Reply out;
  out.type = r.type;
  out.integer = r.integer;
  if (r.str) out.str.assign(r.str, r.len);
  for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(copy(*r.element[i]));
  return out;
}

}  // namespace

bool Reply::is_nil() const noexcept { return type == REDIS_REPLY_NIL; }
bool Reply::is_error() const noexcept { return type == REDIS_REPLY_ERROR; }

RedisConnection::RedisConnection(const sockserv::Endpoint& endpoint, sockserv::Duration timeout)
    : where_(endpoint.to_string()) {
  try {
    stream_ = sockserv::connect(endpoint, timeout);
  } catch (const sockserv::CancelledError&) {
    throw;
  } catch (const sockserv::Error& e) {
    throw BackendDown(std::string("cannot reach Redis: ") + e.what());
  }
  stream_->set_timeout(timeout);
  reader_ = redisReaderCreate();
  if (!reader_) throw BackendDown("out of memory for a Redis reader");
}

RedisConnection::~RedisConnection() {
  if (reader_) redisReaderFree(reader_);
}

void RedisConnection::send(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) argv.push_back(a.data()), lengths.push_back(a.size());
  char* encoded = nullptr;
  int length = redisFormatCommandArgv(&encoded, int(argv.size()), argv.data(), lengths.data());
  if (length < 0) throw BackendDown("cannot encode a Redis command");
  std::string bytes(encoded, std::size_t(length));
  redisFreeCommand(encoded);
  try {
    stream_->write_all(bytes);
  } catch (const sockserv::CancelledError&) {
    throw;
  } catch (const sockserv::Error& e) {
    throw BackendDown("lost Redis at " + where_ + ": " + e.what());
  }
}

std::optional<Reply> RedisConnection::next(bool timeout_is_failure) {
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader_, &raw) != REDIS_OK)
      throw BackendDown("bad reply from Redis at " + where_ + ": " + reader_->errstr);
    if (raw) {
      Reply reply = copy(*static_cast<redisReply*>(raw));
      freeReplyObject(raw);
      return reply;
    }
    char buffer[16 * 1024];
    std::size_t n = 0;
    try {
      n = stream_->read_some(buffer, sizeof buffer);
    } catch (const sockserv::CancelledError&) {
      throw;
    } catch (const sockserv::TimeoutError& e) {
      if (!timeout_is_failure) return std::nullopt;
      throw BackendDown("Redis at " + where_ + " did not answer: " + e.what());
    } catch (const sockserv::Error& e) {
      throw BackendDown("lost Redis at " + where_ + ": " + e.what());
    }
    if (n == 0) throw BackendDown("Redis at " + where_ + " closed the connection");
    redisReaderFeed(reader_, buffer, n);
  }
}

Reply RedisConnection::read() { return *next(true); }

std::optional<Reply> RedisConnection::poll() { return next(false); }

Reply RedisConnection::command(const std::vector<std::string>& args) {
  send(args);
  Reply reply = read();
  if (reply.is_error()) throw BackendDown("Redis: " + args.front() + ": " + reply.str);
  return reply;
}

void RedisConnection::interrupt() noexcept { ::shutdown(stream_->native_handle(), SHUT_RDWR); }

bool RedisConnection::went_away() const noexcept {
  char byte;
  ssize_t n = ::recv(stream_->native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

}  // namespace chat
