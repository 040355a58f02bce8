#include "support/tcp_pair.hpp"

#include <sockserv/error.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace sockserv::test {

TcpPair::TcpPair() {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if (listener < 0 || ::bind(listener, sa, len) < 0 || ::listen(listener, 1) < 0 ||
      ::getsockname(listener, sa, &len) < 0)
    throw SystemError("loopback listener", errno);
  client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client < 0 || ::connect(client, sa, len) < 0) throw SystemError("connect", errno);
  accepted = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  ::close(listener);
  if (accepted < 0) throw SystemError("accept4", errno);
}

TcpPair::~TcpPair() {
  if (accepted >= 0) ::close(accepted);
  if (client >= 0) ::close(client);
}

}  // namespace sockserv::test
