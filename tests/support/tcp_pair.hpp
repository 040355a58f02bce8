#pragma once
// Two ends of one TCP connection on 127.0.0.1, for tests of what only TCP shows.

#include <utility>

namespace sockserv::test {

/// `accepted` is non-blocking, as the framework's acceptor makes it; `client` blocks.
/// Both are closed by the destructor unless taken.
struct TcpPair {
  TcpPair();  ///< throws SystemError if loopback cannot be set up
  ~TcpPair();
  TcpPair(const TcpPair&) = delete;
  TcpPair& operator=(const TcpPair&) = delete;

  int take_accepted() { return std::exchange(accepted, -1); }

  int accepted = -1;
  int client = -1;
};

}  // namespace sockserv::test
