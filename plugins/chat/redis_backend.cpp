#include "redis_backend.hpp"

#include "redis_link.hpp"

#include <sockserv/error.hpp>

namespace chat {

RedisSettings redis_settings(const Settings& settings) {
  RedisSettings out;
  out.endpoint = sockserv::Endpoint::parse(settings.redis);
  out.keys.prefix = "chat:" + settings.hub + ":";
  out.history = settings.history;
  return out;
}

RedisBackend::RedisBackend(const Settings& settings, std::shared_ptr<sockserv::Logger> log)
    : settings_(redis_settings(settings)), log_(std::move(log)) {
  try {
    RedisConnection(settings_.endpoint, settings_.timeout).command({"PING"});
  } catch (const BackendDown& e) {
    throw sockserv::Error("chat backend: redis: " + std::string(e.what()) +
                          " (is redis-server running there? the `redis` option says where)");
  }
  log_->info("chat: rooms of hub '" + settings.hub + "' in Redis at " + settings.redis);
}

RedisBackend::~RedisBackend() = default;

std::unique_ptr<Link> RedisBackend::link(std::shared_ptr<Member> member) {
  return std::make_unique<RedisLink>(settings_, std::move(member));
}

}  // namespace chat
