#pragma once
// The Servers of one configured server inside one process: one per endpoint of its
// `listen:`, all sharing the one plugin object, each with a policy of its own.

#include <sockserv/server.hpp>

#include <memory>
#include <vector>

namespace sockserv::launcher {

/// Serves several endpoints in one process as one server.
class ServerSet {
 public:
  /// Adds a server; only before serve_forever().
  void add(std::unique_ptr<Server> server) { servers_.push_back(std::move(server)); }

  /// Serves every server, each on a thread of its own (the first on the calling thread).
  /// When one returns (stopped, or its policy failed) the others are asked to stop too, so
  /// the process ends as a whole and its supervisor restarts it whole. Returns when all have.
  void serve_forever();
  /// Asks every server to stop. Async-signal-safe once serve_forever() has been called.
  void request_shutdown() noexcept;

 private:
  std::vector<std::unique_ptr<Server>> servers_;
};

}  // namespace sockserv::launcher
