#include "settings.hpp"

namespace chat {

Settings Settings::from(const sockserv::Options& o) {
  Settings s;
  s.backend = o.get_string("backend") == "redis" ? BackendKind::redis : BackendKind::memory;
  s.redis = o.get_string("redis");
  s.hub = o.get_string("hub");
  s.max_line = std::size_t(o.get_size("max_line"));
  s.outbox = std::size_t(o.get_int("outbox"));
  s.history = std::size_t(o.get_int("history"));
  s.udp_idle_timeout = o.get_duration("udp_idle_timeout");
  s.greeting = o.get_string("greeting");
  return s;
}

std::vector<sockserv::OptionSpec> option_specs() {
  using sockserv::OptionType;
  return {
      {"backend", OptionType::string, "memory",
       "where rooms live: memory (this process) or redis (shared by processes and hosts)", "",
       "", {"memory", "redis"}},
      {"redis", OptionType::string, "tcp://127.0.0.1:6379",
       "the Redis server of backend: redis, as tcp://HOST:PORT or unix:///PATH"},
      {"hub", OptionType::string, "default",
       "servers with the same hub share rooms (memory: within one process)"},
      {"max_line", OptionType::size, "1KiB", "longest line a member may send", "16", "64KiB"},
      {"outbox", OptionType::integer, "256",
       "lines queued for a member; one whose outbox fills is disconnected", "1", "1000000"},
      {"history", OptionType::integer, "20", "messages of a room sent to each member who joins",
       "0", "1000"},
      {"udp_idle_timeout", OptionType::duration, "5m",
       "a UDP registration expires after this long without a datagram", "100ms", "24h"},
      {"greeting", OptionType::string, "Welcome to sockserv chat.",
       "the first line a TCP member is sent; empty: none"},
  };
}

}  // namespace chat
