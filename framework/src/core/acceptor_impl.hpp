#pragma once
// The core's Acceptor: accept(2) or recvfrom(2) on a listening socket, then admission.

#include "core/request_body.hpp"

#include <sockserv/acceptor.hpp>

#include <memory>
#include <vector>

namespace sockserv::core {

/// Yields the requests of one listening socket. Not thread-safe: one caller at a time.
class AcceptorImpl final : public Acceptor {
 public:
  /// Reads from `fd` (not owned) on behalf of the server described by `context`.
  AcceptorImpl(std::shared_ptr<ServerContext> context, int fd);

  std::optional<Request> next(Deadline deadline) override;
  std::optional<Request> try_next() override;
  int fd() const noexcept override { return fd_; }
  const Stop& stop() const noexcept override { return context_->stop; }
  Transport transport() const noexcept override { return context_->transport; }

 private:
  std::optional<Request> accept_one();
  std::optional<Request> receive_one();
  bool admitted(const Address& peer);
  void back_off_after(int error);

  std::shared_ptr<ServerContext> context_;
  int fd_;
  Address local_;
  std::vector<char> datagram_buffer_;
};

}  // namespace sockserv::core
