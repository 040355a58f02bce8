#include <sockserv/transport.hpp>

namespace sockserv {

std::string_view to_string(Transport t) noexcept {
  switch (t) {
    case Transport::tcp: return "tcp";
    case Transport::udp: return "udp";
    case Transport::unix_stream: return "unix";
    case Transport::unix_datagram: return "unixgram";
  }
  return "?";
}

}  // namespace sockserv
