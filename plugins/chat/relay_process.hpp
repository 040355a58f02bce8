#pragma once
// chat, backend: redis: the process that runs a UDP chat server's relay (udp_relay.hpp).
// A registration outlives the datagram that made it, so no request can carry the relay;
// and under policy forking the serving process must keep a single thread (it forks), so
// the relay is not a thread of it either but a process of its own, forked by the plugin
// while the serving process still has one thread. Datagram handlers hand it the server's
// socket over a Unix socket pair (SCM_RIGHTS), the first time each process meets it.

#include "redis_rooms.hpp"

#include <sockserv/log.hpp>

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <set>

namespace chat {

/// The relay process of one plugin object; killed and reaped on destruction.
class RelayProcess {
 public:
  /// Forks the relay. Call while this process has a single thread.
  RelayProcess(const RedisSettings& settings, sockserv::Duration idle,
               std::shared_ptr<sockserv::Logger> log);
  ~RelayProcess();
  RelayProcess(const RelayProcess&) = delete;
  RelayProcess& operator=(const RelayProcess&) = delete;

  /// Hands the relay the server's socket `fd` and waits (this task only, at most a few
  /// seconds) until it hears the socket's room, so a line said next reaches the members.
  /// Once per socket per process; any thread or task.
  void offer(int fd);

 private:
  bool hand_over(int fd);

  pid_t pid_ = -1;
  int channel_ = -1;  // our end of the socket pair
  std::mutex mutex_;
  std::set<int> offered_;  // under mutex_
};

}  // namespace chat
