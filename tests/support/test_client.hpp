#pragma once
// Blocking clients for tests: every call is bounded by a timeout, so a broken server
// fails a test instead of hanging it.

#include <sockserv/endpoint.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

namespace sockserv::test {

using namespace std::chrono_literals;

/// How long any single client call may wait before the test fails.
inline constexpr auto io_timeout = 10s;

/// A connected stream or datagram socket to a server endpoint.
class Client {
 public:
  /// Connects (streams) or binds a reply address and connects (datagrams) to `endpoint`.
  explicit Client(const Endpoint& endpoint);
  ~Client();
  Client(Client&& other) noexcept;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Sends all of `data` (one datagram for datagram endpoints).
  void send(const std::string& data);
  /// Streams: reads exactly `n` bytes. Datagrams: one datagram (n ignored).
  /// Empty on timeout or end of stream.
  std::string receive(std::size_t n);
  /// Streams: reads until "\n" (included).
  std::string receive_line();
  /// Streams: true if the server closes the connection within io_timeout.
  bool wait_closed();
  /// Shuts down the write side.
  void close_write();
  /// The socket.
  int fd() const { return fd_; }

 private:
  bool wait_readable(std::chrono::milliseconds timeout);
  int fd_ = -1;
  bool stream_ = true;
  std::filesystem::path own_path_;  // unixgram: the bound reply address, removed at the end
};

/// A fresh temporary folder, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  /// path() / name, as a string.
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds timeout = 10s) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

}  // namespace sockserv::test
