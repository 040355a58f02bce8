#include "core/server_counters.hpp"

#include <sockserv/datagram.hpp>
#include <sockserv/error.hpp>
#include <sockserv/task.hpp>

#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstddef>

namespace sockserv {
namespace {

/// A sender that cannot be answered: no address, or a Unix socket without a path (what
/// Address::to_string() calls "(unnamed)"), decided without formatting the address.
bool unnamed(const Address& peer) {
  if (peer.size() == 0) return true;
  if (peer.family() != AF_UNIX) return false;
  auto* un = reinterpret_cast<const sockaddr_un*>(peer.data());
  return peer.size() <= offsetof(sockaddr_un, sun_path) || un->sun_path[0] == '\0';
}

}  // namespace

Datagram::Datagram(std::string data, Address peer, int socket_fd)
    : data_(std::move(data)), peer_(std::move(peer)), socket_fd_(socket_fd) {}

void Datagram::reply(std::string_view bytes) {
  if (unnamed(peer_))
    throw Error("cannot reply: the sender's socket is unnamed");
  Deadline deadline = Clock::now() + std::chrono::seconds(5);
  for (;;) {
    if (::sendto(socket_fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT,
                 peer_.data(), peer_.size()) >= 0) {
      if (counters_) detail::count(counters_->bytes_out, bytes.size());
      return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) {
      // The socket is shared by every request: wait in this task, never block the thread.
      if (!Task::current().wait(socket_fd_, Readiness::writable, deadline))
        throw TimeoutError("reply to " + peer_.to_string() + ": send buffer full for 5s");
    } else if (errno != EINTR) {
      throw SystemError("reply to " + peer_.to_string(), errno);
    }
  }
}

}  // namespace sockserv
