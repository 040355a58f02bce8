// echo: streams get every byte back until the client closes; datagrams are answered to
// their sender. The smallest complete plugin, and the one the framework's tests run on.
#include <sockserv/datagram.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

namespace {

class EchoStream final : public sockserv::StreamHandler {
 public:
  void handle(sockserv::Stream& stream) override {
    char buffer[16 * 1024];
    while (std::size_t n = stream.read_some(buffer, sizeof buffer)) stream.write_all(buffer, n);
  }
};

class EchoDatagram final : public sockserv::DatagramHandler {
 public:
  void handle(sockserv::Datagram& datagram) override { datagram.reply(datagram.data()); }
};

class EchoPlugin final : public sockserv::Plugin {
 public:
  explicit EchoPlugin(const sockserv::PluginContext&) {}

  static sockserv::PluginInfo info() {
    return {"echo", "1.0.0", "sends every byte or datagram back to its sender",
            sockserv::TransportSet::all(), {}};
  }

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<EchoStream>();
  }
  std::unique_ptr<sockserv::DatagramHandler> make_datagram_handler() override {
    return std::make_unique<EchoDatagram>();
  }
};

}  // namespace

SOCKSERV_PLUGIN(EchoPlugin)
