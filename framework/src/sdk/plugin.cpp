#include <sockserv/address.hpp>
#include <sockserv/plugin.hpp>

namespace sockserv {

Plugin::~Plugin() = default;

std::unique_ptr<StreamHandler> Plugin::make_stream_handler() {
  throw Error("this plugin does not serve stream transports (tcp, unix)");
}

std::unique_ptr<DatagramHandler> Plugin::make_datagram_handler() {
  throw Error("this plugin does not serve datagram transports (udp, unixgram)");
}

bool Plugin::verify_request(const Address&) { return true; }

}  // namespace sockserv
