#include "chat_plugin.hpp"

#include "memory_backend.hpp"
#include "redis_backend.hpp"
#include "stream_session.hpp"

#include <sockserv/datagram.hpp>
#include <sockserv/endpoint.hpp>

namespace chat {
namespace {

class DatagramRequest final : public sockserv::DatagramHandler {
 public:
  explicit DatagramRequest(DatagramRegistry& registry) : registry_(registry) {}
  void handle(sockserv::Datagram& datagram) override { registry_.on_datagram(datagram); }

 private:
  DatagramRegistry& registry_;
};

std::unique_ptr<Backend> make_backend(const Settings& s, const sockserv::PluginContext& c) {
  if (s.backend == BackendKind::memory) return std::make_unique<MemoryBackend>(s.hub, s.history);
  return std::make_unique<RedisBackend>(s, c.log);
}

}  // namespace

ChatPlugin::ChatPlugin(const sockserv::PluginContext& context)
    : settings_(Settings::from(context.options)), backend_(make_backend(settings_, context)) {
  if (!sockserv::is_stream(context.transport))
    registry_ = std::make_unique<DatagramRegistry>(settings_, *backend_);
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
  bool stream = sockserv::is_stream(shape.transport);
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
  if (!stream && !memory && shape.policy == "forking")
    problems.push_back("UDP registrations outlive the datagram that makes them and are kept by "
                       "the server process, but policy 'forking' handles each datagram in a "
                       "child that exits; use policy threading or coroutine");
  if (!stream && !memory && shape.processes > 1)
    problems.push_back("UDP registrations are kept by the server process, and processes: " +
                       std::to_string(shape.processes) + " would split them; use processes: 1 "
                       "(to scale, run more UDP chat servers sharing a hub through Redis)");
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
  return std::make_unique<DatagramRequest>(*registry_);
}

}  // namespace chat
