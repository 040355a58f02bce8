#pragma once
// Runs a Server's serve_forever on a background thread for the length of a test.

#include <sockserv/server.hpp>

#include <memory>
#include <thread>

namespace sockserv::test {

/// Owns a server and the thread serving it; shuts down and joins on destruction.
class ServerThread {
 public:
  explicit ServerThread(ServerOptions options)
      : server_(std::make_unique<Server>(std::move(options))),
        thread_([this] { server_->serve_forever(); }) {}
  ~ServerThread() { stop(); }
  ServerThread(const ServerThread&) = delete;
  ServerThread& operator=(const ServerThread&) = delete;

  Server& server() { return *server_; }
  const Endpoint& endpoint() const { return server_->endpoint(); }

  /// shutdown() and join; returns once serve_forever has returned.
  void stop() {
    if (!thread_.joinable()) return;
    server_->shutdown();
    thread_.join();
  }

 private:
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

}  // namespace sockserv::test
