#pragma once
// Clients and scratch folders for tests: every client call is bounded by a timeout, so a
// broken server fails a test instead of hanging it.

#include <sockserv/endpoint.hpp>
#include <sockserv/testing.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>

namespace sockserv::test {

using namespace std::chrono_literals;

/// How long any single client call may wait before the test fails.
inline constexpr auto io_timeout = 10s;

/// A connected stream or datagram socket to a server endpoint, every call bounded by
/// io_timeout: the SDK harness's client, so tests use what plugin authors use.
using Client = sockserv::testing::TestClient;

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
