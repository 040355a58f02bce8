#include "chat_plugin.hpp"

#include "datagram_registry.hpp"
#include "memory_backend.hpp"
#include "redis_backend.hpp"
#include "redis_datagrams.hpp"
#include "stream_session.hpp"

#include <sockserv/datagram.hpp>
#include <sockserv/endpoint.hpp>

namespace chat {
namespace {

class DatagramRequest final : public sockserv::DatagramHandler {
 public:
  explicit DatagramRequest(DatagramChat& chat) : chat_(chat) {}
  void handle(sockserv::Datagram& datagram) override { chat_.on_datagram(datagram); }

 private:
  DatagramChat& chat_;
};

std::unique_ptr<Backend> make_backend(const Settings& s, const sockserv::PluginContext& c) {
  if (s.backend == BackendKind::memory) return std::make_unique<MemoryBackend>(s.hub, s.history);
  return std::make_unique<RedisBackend>(s, c.log);
}

/// The transports of a server: `transports`, or `transport` alone from a caller that
/// filled in only that.
sockserv::TransportSet served(sockserv::Transport first, sockserv::TransportSet all) {
  if (all.empty()) all.add(first);
  return all;
}

bool any_datagram(sockserv::TransportSet t) {
  return t.contains(sockserv::Transport::udp) || t.contains(sockserv::Transport::unix_datagram);
}

bool any_stream(sockserv::TransportSet t) {
  return t.contains(sockserv::Transport::tcp) || t.contains(sockserv::Transport::unix_stream);
}

}  // namespace

ChatPlugin::ChatPlugin(const sockserv::PluginContext& context)
    : settings_(Settings::from(context.options)), backend_(make_backend(settings_, context)) {
  if (!any_datagram(served(context.transport, context.transports))) return;
  if (settings_.backend == BackendKind::memory)
    datagrams_ = std::make_unique<DatagramRegistry>(settings_, *backend_);
  else
    datagrams_ = std::make_unique<RedisDatagrams>(settings_, context.log);
}

ChatPlugin::~ChatPlugin() = default;

sockserv::PluginInfo ChatPlugin::info() {
  using sockserv::Transport;
  return {"chat", "1.0.0", "chat rooms for nc and telnet (TCP) and the classic UDP chat",
          {Transport::tcp, Transport::unix_stream, Transport::udp}, option_specs()};
}

std::vector<std::string> ChatPlugin::check(const sockserv::ServerShape& shape) {
  std::vector<std::string> problems;
  bool memory = shape.options.get_string("backend") == "memory";
  auto transports = served(shape.transport, shape.transports);
  bool stream = any_stream(transports);
  std::string request = stream ? "connection" : "datagram";
  if (memory && shape.policy == "forking")
    problems.push_back("backend: memory keeps the rooms in one process, but policy 'forking' "
                       "serves each " + request + " in a child process of its own, so members "
                       "would never meet; use policy threading or coroutine, or backend: redis");
  if (memory && shape.processes > 1)
    problems.push_back("backend: memory keeps the rooms in one process, but processes: " +
                       std::to_string(shape.processes) + " starts " +
                       std::to_string(shape.processes) + " processes with rooms of their own; "
                       "use processes: 1, or backend: redis to share rooms between processes "
                       "and hosts");
  if (stream && shape.policy == "serial")
    problems.push_back("a chat connection stays open while its member is there, so under policy "
                       "'serial' the next member would wait for the last to leave; use policy "
                       "threading or coroutine");
  if (!memory) {
    const std::string& redis = shape.options.get_string("redis");
    try {
      auto endpoint = sockserv::Endpoint::parse(redis);
      if (!sockserv::is_stream(endpoint.transport))
        problems.push_back("redis: '" + redis + "' must be tcp://HOST:PORT or unix:///PATH");
    } catch (const sockserv::EndpointError& e) {
      problems.push_back("redis: " + std::string(e.what()));
    }
  }
  return problems;
}

std::unique_ptr<sockserv::StreamHandler> ChatPlugin::make_stream_handler() {
  return std::make_unique<StreamSession>(settings_, *backend_);
}

std::unique_ptr<sockserv::DatagramHandler> ChatPlugin::make_datagram_handler() {
  return std::make_unique<DatagramRequest>(*datagrams_);
}

}  // namespace chat
