#include "redis_backend.hpp"

#include "redis_link.hpp"
#include "redis_relay.hpp"

#include <sockserv/error.hpp>

namespace chat {

RedisBackend::RedisBackend(const Settings& settings, std::shared_ptr<sockserv::Logger> log)
    : log_(std::move(log)) {
  settings_.endpoint = sockserv::Endpoint::parse(settings.redis);
  settings_.keys.prefix = "chat:" + settings.hub + ":";
  settings_.history = settings.history;
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

std::unique_ptr<Link> RedisBackend::shared_link(std::shared_ptr<Member> member) {
  std::lock_guard lock(mutex_);
  if (!relay_) relay_ = std::make_unique<Relay>(settings_, log_);
  return relay_->link(std::move(member));
}

}  // namespace chat
