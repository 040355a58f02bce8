// echo: streams get every byte back until the client closes; datagrams are answered to
// their sender. The smallest complete plugin, and the one the framework's tests run on.
#include <sockserv/datagram.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

#include <memory>

namespace {

class EchoStream final : public sockserv::StreamHandler {
 public:
  void handle(sockserv::Stream& stream) override {
    // Most connections of a busy server are idle, and an idle fiber's memory is the stack
    // pages it has touched: a small buffer on the stack keeps that to one page. A stream
    // that fills it moves, for good, to a large buffer: fewer system calls for bulk data.
    char small[1024];
    std::unique_ptr<char[]> large;
    char* buffer = small;
    std::size_t size = sizeof small;
    while (std::size_t n = stream.read_some(buffer, size)) {
      stream.write_all(buffer, n);
      if (n == size && !large) {
        large.reset(new char[large_size]);
        buffer = large.get();
        size = large_size;
      }
    }
  }

 private:
  static constexpr std::size_t large_size = 64 * 1024;
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
