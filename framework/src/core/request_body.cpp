#include "core/request_body.hpp"

#include <sockserv/datagram.hpp>
#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>

#include <boost/context/detail/exception.hpp>

#include <unistd.h>

namespace sockserv::core {
namespace {

/// Runs one step of a handler; every failure ends here, logged with server, plugin and
/// peer. Returns false if the step failed. A fiber's forced unwind is not a failure: it
/// must pass through so the fiber's stack unwinds (asio issue 1110).
template <class Step>
bool guarded(ServerContext& ctx, const Address& peer, const char* stage, Step&& step) {
  auto report = [&](LogLevel level, std::string_view what) {
    if (level >= LogLevel::error) detail::count(ctx.metrics->handler_errors);
    if (!ctx.log->enabled(level)) return;
    ctx.log->log(level, "server '" + ctx.server_name + "', plugin '" + ctx.plugin_name + "', peer " + peer.to_string() + ": " +
                            stage + " failed: " + std::string(what));
  };
  try {
    step();
    return true;
  } catch (const boost::context::detail::forced_unwind&) {
    throw;
  } catch (const ConnectionError& e) {
    report(LogLevel::debug, e.what());  // the client went away: not a handler bug
  } catch (const CancelledError& e) {
    report(LogLevel::info, e.what());
  } catch (const TimeoutError& e) {
    report(LogLevel::info, e.what());
  } catch (const LineTooLongError& e) {
    report(LogLevel::info, e.what());  // the client's mistake, not the handler's
  } catch (const std::exception& e) {
    report(LogLevel::error, e.what());
  } catch (...) {
    report(LogLevel::error, "unknown exception");
  }
  return false;
}

/// Points the current task at this server's stop for the request's duration.
class StopBinding {
 public:
  explicit StopBinding(const Stop& stop) : task_(Task::current()), previous_(task_.set_stop(&stop)) {}
  ~StopBinding() { task_.set_stop(previous_); }
  StopBinding(const StopBinding&) = delete;
  StopBinding& operator=(const StopBinding&) = delete;

 private:
  Task& task_;
  const Stop* previous_;
};

/// The handler protocol shared by both kinds: make, setup, handle, finish (always, once
/// setup succeeded), destroy — each step guarded.
template <class Handler, class Subject, class Make>
void run_handler(ServerContext& ctx, const Address& peer, Subject& subject, Make&& make) {
  StopBinding binding(ctx.stop);
  std::unique_ptr<Handler> handler;
  if (!guarded(ctx, peer, "making the handler", [&] { handler = make(); }) || !handler) return;
  if (guarded(ctx, peer, "setup()", [&] { handler->setup(subject); })) {
    guarded(ctx, peer, "handle()", [&] { handler->handle(subject); });
    guarded(ctx, peer, "finish()", [&] { handler->finish(subject); });
  }
  // Siblings may still use the connection: it closes only once they have all ended.
  guarded(ctx, peer, "a spawned task", [] { Task::current().join_siblings(); });
  handler.reset();  // in the plugin's code, while its library is surely loaded
}

/// The slot as a ticket: kept by whoever holds the shared_ptr.
std::shared_ptr<void> ticket(Slot& slot) { return std::make_shared<Slot>(std::move(slot)); }

class StreamRequest final : public detail::RequestBody {
 public:
  StreamRequest(std::shared_ptr<ServerContext> ctx, int fd, Address peer, Address local,
                Slot slot)
      : ctx_(std::move(ctx)), fd_(fd), peer_(std::move(peer)), local_(std::move(local)),
        slot_(std::move(slot)) {}
  ~StreamRequest() override {
    if (fd_ >= 0) ::close(fd_);
  }  // then slot_ is released: the request has ended

  void run() override {
    Stream stream(std::exchange(fd_, -1), peer_, local_);
    detail::CounterAccess::count_into(stream, ctx_->metrics);
    // Idle timeout as the Stream's own timeout: it holds under every policy, and a
    // handler's set_timeout() replaces it.
    stream.set_timeout(ctx_->limits.idle_timeout);
    run_handler<StreamHandler>(*ctx_, peer_, stream,
                               [&] { return ctx_->plugin->make_stream_handler(); });
  }
  const Address& peer() const noexcept override { return peer_; }
  int fd() const noexcept override { return fd_; }
  Transport transport() const noexcept override { return ctx_->transport; }
  std::shared_ptr<void> detach() override {
    auto kept = ticket(slot_);
    if (fd_ >= 0) ::close(std::exchange(fd_, -1));
    return kept;
  }

 private:
  std::shared_ptr<ServerContext> ctx_;
  int fd_;
  Address peer_;
  Address local_;
  Slot slot_;
};

class DatagramRequest final : public detail::RequestBody {
 public:
  DatagramRequest(std::shared_ptr<ServerContext> ctx, std::string data, Address peer, int socket,
                  Slot slot)
      : ctx_(std::move(ctx)), datagram_(std::move(data), std::move(peer), socket),
        slot_(std::move(slot)) {
    detail::CounterAccess::count_into(datagram_, ctx_->metrics);
    detail::count(ctx_->metrics->bytes_in, datagram_.data().size());
  }

  void run() override {
    run_handler<DatagramHandler>(*ctx_, datagram_.peer(), datagram_,
                                 [&] { return ctx_->plugin->make_datagram_handler(); });
  }
  const Address& peer() const noexcept override { return datagram_.peer(); }
  int fd() const noexcept override { return -1; }
  Transport transport() const noexcept override { return ctx_->transport; }
  std::shared_ptr<void> detach() override { return ticket(slot_); }

 private:
  std::shared_ptr<ServerContext> ctx_;
  Datagram datagram_;
  Slot slot_;
};

}  // namespace

std::unique_ptr<detail::RequestBody> make_stream_request(std::shared_ptr<ServerContext> context,
                                                         int fd, Address peer, Address local,
                                                         Slot slot) {
  return std::make_unique<StreamRequest>(std::move(context), fd, std::move(peer),
                                         std::move(local), std::move(slot));
}

std::unique_ptr<detail::RequestBody> make_datagram_request(
    std::shared_ptr<ServerContext> context, std::string data, Address peer, int socket_fd,
    Slot slot) {
  return std::make_unique<DatagramRequest>(std::move(context), std::move(data), std::move(peer),
                                           socket_fd, std::move(slot));
}

}  // namespace sockserv::core

namespace sockserv {

Request::Request(std::unique_ptr<detail::RequestBody> body) noexcept : body_(std::move(body)) {}
Request::Request(Request&&) noexcept = default;
Request& Request::operator=(Request&&) noexcept = default;
Request::~Request() = default;

void Request::run() {
  if (!body_) return;
  body_->run();
  body_.reset();  // release the plugin and connection as soon as the request ends
}
const Address& Request::peer() const noexcept { return body_->peer(); }
Transport Request::transport() const noexcept { return body_->transport(); }
int Request::fd() const noexcept { return body_->fd(); }

std::shared_ptr<void> Request::detach_connection() {
  if (!body_) return nullptr;
  auto ticket = body_->detach();
  body_.reset();
  return ticket;
}

}  // namespace sockserv
