#include "core/acceptor_impl.hpp"
#include "core/request_body.hpp"
#include "core/server_registry.hpp"
#include "core/socket.hpp"
#include "core/spdlog_logger.hpp"

#include <sockserv/policies.hpp>
#include <sockserv/server.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/task.hpp>

#include <atomic>
#include <thread>

namespace sockserv {

struct Server::Impl {
  std::shared_ptr<core::ServerContext> context;
  core::ListeningSocket socket;
  std::unique_ptr<Policy> policy;
  std::unique_ptr<core::AcceptorImpl> acceptor;
  Duration shutdown_timeout{};
  std::atomic<bool> serving{false};
  std::atomic<std::thread::id> serving_thread{};

  Logger& log() { return *context->log; }

  /// After serving: in-flight requests get until the drain deadline, then are cancelled
  /// (their waits throw CancelledError) or terminated by the policy.
  void drain() {
    acceptor->close_queued();  // never admitted: they are not in-flight requests
    Stop& stop = context->stop;
    if (!stop.requested()) stop.request(Clock::now() + shutdown_timeout);
    if (policy->wait_idle(stop.drain_deadline())) return;
    log().warn("requests still running at the drain deadline: cancelling them");
    policy->terminate();
    policy->wait_idle(no_deadline);
  }
};

namespace {

std::shared_ptr<core::ServerContext> make_context(ServerOptions& o, Transport transport) {
  auto ctx = std::make_shared<core::ServerContext>();
  ctx->server_name = o.name;
  ctx->plugin_name = o.plugin_name;
  ctx->plugin = std::move(o.plugin);
  ctx->log = o.log ? std::move(o.log) : core::make_logger(o.name);
  ctx->transport = transport;
  ctx->limits = o.limits;
  ctx->access = std::move(o.access);
  ctx->refusals.set_interval(o.limits.refusal_log_interval);
  if (auto* shared = core::process_counters()) ctx->metrics = shared;  // a supervised worker
  ctx->counters.metrics = ctx->metrics;
  return ctx;
}

}  // namespace

Server::Server(ServerOptions o) : impl_(std::make_unique<Impl>()) {
  if (!o.plugin) throw Error("server '" + o.name + "': no plugin given");
  Endpoint endpoint = Endpoint::parse(o.listen);
  Impl& s = *impl_;
  s.shutdown_timeout = o.shutdown_timeout;
  s.context = make_context(o, endpoint.transport);
  s.socket = o.listen_fd >= 0 ? core::adopt_socket(o.listen_fd, endpoint)
                              : core::bind_endpoint(endpoint, o.reuse_address);
  s.policy = o.policy ? std::move(o.policy) : make_serial_policy();
  s.acceptor = std::make_unique<core::AcceptorImpl>(s.context, s.socket.fd.get());
  core::list_server(s.context->server_name, s.context->metrics);
  s.log().info("listening on " + s.socket.endpoint.to_string() + " (plugin '" +
               s.context->plugin_name + "')");
}

Server::~Server() {
  Impl& s = *impl_;
  if (s.serving.load()) {
    shutdown();
  } else if (s.policy) {
    s.drain();  // requests started by handle_request may still run
  }
  server_close();
  core::unlist_server(s.context->metrics);
}

const std::string& Server::name() const noexcept { return impl_->context->server_name; }
const Endpoint& Server::endpoint() const noexcept { return impl_->socket.endpoint; }
const Address& Server::local_address() const noexcept { return impl_->socket.local; }
AdmissionStats Server::stats() const noexcept {
  const auto& ctx = *impl_->context;
  const auto& m = *ctx.metrics;
  constexpr auto relaxed = std::memory_order_relaxed;
  return {m.accepted.load(relaxed),         m.refused_access.load(relaxed),
          m.refused_per_source.load(relaxed), m.refused_overload.load(relaxed),
          m.refused_plugin.load(relaxed),   ctx.counters.active.load(),
          ctx.counters.queued.load()};
}

void Server::serve_forever() {
  Impl& s = *impl_;
  s.serving_thread.store(std::this_thread::get_id());
  s.serving.store(true);
  try {
    s.policy->serve(*s.acceptor);
  } catch (const std::exception& e) {
    s.log().error("the policy stopped serving: " + std::string(e.what()));
  }
  s.drain();
  s.serving.store(false);
  s.serving.notify_all();  // last touch of *this by this thread: shutdown() may return now
}

bool Server::handle_request(Duration timeout) {
  Impl& s = *impl_;
  auto request = s.acceptor->next(deadline_after(timeout));
  if (!request) return false;
  s.policy->process_request(std::move(*request));
  return true;
}

void Server::request_shutdown() noexcept {
  impl_->context->stop.request(Clock::now() + impl_->shutdown_timeout);
}

void Server::shutdown() noexcept {
  Impl& s = *impl_;
  request_shutdown();
  // Asked from the serving thread, or from one of this server's own requests (which the
  // drain would wait for): waiting would deadlock, so only request.
  if (s.serving_thread.load() == std::this_thread::get_id()) return;
  if (Task::current().stop() == &s.context->stop) return;
  s.serving.wait(true);
}

void Server::server_close() noexcept { core::close_socket(impl_->socket); }

}  // namespace sockserv
