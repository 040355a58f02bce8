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

std::string to_string(TransportSet set) {
  std::string out;
  for (Transport t : {Transport::tcp, Transport::udp, Transport::unix_stream,
                      Transport::unix_datagram})
    if (set.contains(t)) out += (out.empty() ? "" : ", ") + std::string(to_string(t));
  return out.empty() ? "none" : out;
}

}  // namespace sockserv
