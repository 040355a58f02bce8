#include "core/acceptor_impl.hpp"

#include "core/poll_timeout.hpp"
#include "core/socket.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

// Queueing (limits.on_overload: queue). Connections over max_connections are accepted
// and held here, unserved, up to limits.queue; further ones are refused. Holding them in
// the kernel's backlog instead would leave the listener readable — an event-loop accept
// loop would spin — and a backlog can neither be counted nor trimmed without accepting.
// A held connection is handed out, in arrival order, by the next try_next() that finds a
// slot free. Slots free on any thread (a request ends): the release writes the admission's
// eventfd while connections wait. So that every policy sees it through the one fd it
// already waits on, fd() is then an epoll set of the listener and that eventfd: readable
// when a connection arrives or a held one may go. next() polls the same two and the stop.

namespace sockserv::core {
namespace {

constexpr std::size_t max_datagram = 65536;

/// An epoll fd, readable (level-triggered) while any of `fds` is.
Fd make_wait_set(std::initializer_list<int> fds) {
  Fd set(::epoll_create1(EPOLL_CLOEXEC));
  if (!set) throw SystemError("epoll_create1 for the acceptor", errno);
  for (int fd : fds) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (::epoll_ctl(set.get(), EPOLL_CTL_ADD, fd, &event) < 0)
      throw SystemError("epoll_ctl for the acceptor", errno);
  }
  return set;
}

}  // namespace

AcceptorImpl::AcceptorImpl(std::shared_ptr<ServerContext> context, int fd)
    : context_(std::move(context)),
      admission_(context_, &context_->admission),
      fd_(fd),
      local_(local_address(fd)),
      queueing_(is_stream(context_->transport) && context_->limits.max_connections > 0 &&
                context_->limits.on_overload == Overload::queue) {
  if (!is_stream(context_->transport)) datagram_buffer_.resize(max_datagram);
  if (queueing_) wait_set_ = make_wait_set({fd_, admission_->wake_fd()});
}

std::optional<Request> AcceptorImpl::next(Deadline deadline) {
  for (;;) {
    if (context_->stop.requested()) return std::nullopt;
    if (auto request = try_next()) return request;
    pollfd fds[3] = {{context_->stop.fd(), POLLIN, 0}, {fd_, POLLIN, 0},
                     {admission_->wake_fd(), POLLIN, 0}};
    int n = ::poll(fds, queueing_ ? 3 : 2, poll_timeout(deadline));
    if (n < 0 && errno != EINTR) throw SystemError("poll on the listening socket", errno);
    if (n == 0 && Clock::now() >= deadline) return std::nullopt;
  }
}

std::optional<Request> AcceptorImpl::try_next() {
  if (!is_stream(context_->transport)) return receive_one();
  // Consume a wake-up before looking at the queue: a slot freed after this look wakes
  // the next wait again.
  if (queueing_) admission_->clear_wake();
  return accept_one();
}

std::optional<Request> AcceptorImpl::accept_one() {
  for (;;) {
    if (auto request = admit_waiting()) return request;
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) back_off_after(errno);
      // A slot may have freed before the queue it just grew was visible to the releaser.
      return admit_waiting();
    }
    Fd connection(fd);
    Address peer(reinterpret_cast<const sockaddr*>(&ss), len);
    detail::count(context_->metrics->accepted);
    auto slot = screen(peer);
    if (!slot) continue;  // closes the connection
    // Waiting connections go first: a newcomer may not overtake them.
    if (!waiting_.empty() || !admission_->take(*slot)) {
      hold_or_refuse(std::move(connection), std::move(peer), std::move(*slot));
      continue;
    }
    if (!verified(peer)) continue;
    return Request(make_stream_request(context_, connection.release(), std::move(peer), local_,
                                       std::move(*slot)));
  }
}

std::optional<Request> AcceptorImpl::admit_waiting() {
  while (!waiting_.empty() && admission_->take(waiting_.front().slot)) {
    Waiting w = std::move(waiting_.front());
    waiting_.pop_front();
    context_->counters.queued.store(waiting_.size());
    if (!verified(w.peer)) continue;
    return Request(make_stream_request(context_, w.fd.release(), std::move(w.peer), local_,
                                       std::move(w.slot)));
  }
  return std::nullopt;
}

void AcceptorImpl::hold_or_refuse(Fd connection, Address peer, Slot slot) {
  ServerContext& ctx = *context_;
  const Limits& limits = ctx.limits;
  if (queueing_ && waiting_.size() < limits.queue) {
    waiting_.push_back({std::move(connection), std::move(peer), std::move(slot)});
    ctx.counters.queued.store(waiting_.size());  // before admit_waiting's last look
    return;
  }
  detail::count(ctx.metrics->refused_overload);
  ctx.refusals.refused(*ctx.log, Refusal::overload, LogLevel::warn, [&] {
    std::string max = std::to_string(limits.max_connections);
    if (!is_stream(ctx.transport))
      return refused(peer) + ": " + max + " datagrams in progress already (limits.max_connections)";
    if (!queueing_)
      return refused(peer) + ": " + max + " connections open already (limits.max_connections)";
    return refused(peer) + ": " + max + " connections open and " +
           std::to_string(waiting_.size()) + " waiting already (limits.max_connections, " +
           "limits.queue)";
  });
}

std::optional<Request> AcceptorImpl::receive_one() {
  for (;;) {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    ssize_t n = ::recvfrom(fd_, datagram_buffer_.data(), datagram_buffer_.size(),
                           MSG_DONTWAIT | MSG_TRUNC, reinterpret_cast<sockaddr*>(&ss), &len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) back_off_after(errno);
      return std::nullopt;
    }
    Address peer(reinterpret_cast<const sockaddr*>(&ss), len);
    detail::count(context_->metrics->accepted);
    if (std::size_t(n) > datagram_buffer_.size()) {  // MSG_TRUNC reports the real length
      context_->log->warn("dropped a datagram of " + std::to_string(n) + " bytes from " +
                          peer.to_string() + ": larger than " +
                          std::to_string(datagram_buffer_.size()) + " bytes");
      continue;
    }
    auto slot = screen(peer);
    if (!slot) continue;
    if (!admission_->take(*slot)) {  // datagrams are never queued
      hold_or_refuse(Fd(), std::move(peer), std::move(*slot));
      continue;
    }
    if (!verified(peer)) continue;
    return Request(make_datagram_request(context_, std::string(datagram_buffer_.data(), n),
                                         std::move(peer), fd_, std::move(*slot)));
  }
}

std::optional<Slot> AcceptorImpl::screen(const Address& peer) {
  ServerContext& ctx = *context_;
  if (!ctx.access.permits(peer)) {
    detail::count(ctx.metrics->refused_access);
    ctx.refusals.refused(*ctx.log, Refusal::access, LogLevel::info, [&] {
      return refused(peer) + ": not permitted by the server's allow/deny lists";
    });
    return std::nullopt;
  }
  auto slot = Admission::enter(admission_, peer);
  if (!slot) {
    detail::count(ctx.metrics->refused_per_source);
    ctx.refusals.refused(*ctx.log, Refusal::per_source, LogLevel::warn, [&] {
      return refused(peer) + ": " + std::to_string(ctx.limits.per_source) + " " +
             (is_stream(ctx.transport) ? "connections" : "datagrams") + " from " + peer.host() +
             " in progress already (limits.per_source)";
    });
  }
  return slot;
}

bool AcceptorImpl::verified(const Address& peer) {
  ServerContext& ctx = *context_;
  try {
    if (ctx.plugin->verify_request(peer)) return true;
    detail::count(ctx.metrics->refused_plugin);
    ctx.refusals.refused(*ctx.log, Refusal::plugin, LogLevel::debug, [&] {
      return refused(peer) + ": the plugin's verify_request";
    });
  } catch (const std::exception& e) {
    detail::count(ctx.metrics->refused_plugin);
    ctx.refusals.refused(*ctx.log, Refusal::plugin_error, LogLevel::error, [&] {
      return "plugin '" + ctx.plugin_name + "', peer " + peer.to_string() +
             ": verify_request failed: " + e.what();
    });
  }
  return false;
}

std::string AcceptorImpl::refused(const Address& peer) const {
  bool stream = is_stream(context_->transport);
  return (stream ? "refused a connection from " : "dropped a datagram from ") + peer.to_string();
}

void AcceptorImpl::close_queued() {
  if (waiting_.empty()) return;
  std::size_t n = waiting_.size();
  context_->log->info("closing " + std::to_string(n) + (n == 1 ? " connection" : " connections") +
                      " still waiting for a slot, unserved: the server is stopping");
  waiting_.clear();
  context_->counters.queued.store(0);
}

void AcceptorImpl::back_off_after(int error) {
  // Out of descriptors (EMFILE, ENFILE) or memory: the listener stays readable, so pause
  // rather than spin; the stop still wakes us at once.
  context_->log->error(std::string("accept failed: ") + std::strerror(error) +
                       "; pausing 100ms before accepting again");
  pollfd stop_fd{context_->stop.fd(), POLLIN, 0};
  ::poll(&stop_fd, 1, 100);
}

}  // namespace sockserv::core
