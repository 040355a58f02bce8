#pragma once
// The core's Acceptor: accept(2) or recvfrom(2) on a listening socket, then admission.

#include "core/admission.hpp"
#include "core/request_body.hpp"
#include "core/socket.hpp"

#include <sockserv/acceptor.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace sockserv::core {

/// Yields the requests of one listening socket, each admitted in this order: the allow/deny
/// lists, limits.per_source, limits.max_connections (reject, or hold in a queue), the
/// plugin's verify_request. Not thread-safe: one caller at a time.
class AcceptorImpl final : public Acceptor {
 public:
  /// Reads from `fd` (not owned) on behalf of the server described by `context`, whose
  /// limits and access lists are set already.
  AcceptorImpl(std::shared_ptr<ServerContext> context, int fd);

  std::optional<Request> next(Deadline deadline) override;
  std::optional<Request> try_next() override;
  int fd() const noexcept override { return wait_set_ ? wait_set_.get() : fd_; }
  const Stop& stop() const noexcept override { return context_->stop; }
  Transport transport() const noexcept override { return context_->transport; }

  /// Closes the connections still waiting for a slot: the server is stopping.
  void close_queued();

 private:
  /// A connection accepted while max_connections were open, waiting for a slot.
  struct Waiting {
    Fd fd;
    Address peer;
    Slot slot;  ///< holds its per-source share already
  };

  std::optional<Request> accept_one();
  std::optional<Request> receive_one();
  std::optional<Request> admit_waiting();
  void hold_or_refuse(Fd connection, Address peer, Slot slot);
  std::optional<Slot> screen(const Address& peer);
  bool verified(const Address& peer);
  std::string refused(const Address& peer) const;
  void back_off_after(int error);

  std::shared_ptr<ServerContext> context_;
  std::shared_ptr<Admission> admission_;  ///< aliases context_'s, for the slots it hands out
  int fd_;
  Address local_;
  bool queueing_;          ///< a stream server with on_overload: queue and max_connections
  Fd wait_set_;            ///< when queueing: epoll of fd_ and the admission's wake fd
  std::deque<Waiting> waiting_;
  std::vector<char> datagram_buffer_;
};

}  // namespace sockserv::core
