#include <sockserv/endpoint.hpp>

#include <charconv>

namespace sockserv {
namespace {

constexpr std::string_view expected_forms =
    "expected tcp://HOST:PORT, udp://HOST:PORT, unix:///PATH or unixgram:///PATH "
    "(IPv6 as tcp://[::1]:PORT)";

[[noreturn]] void fail(std::string_view text, std::string_view why) {
  throw EndpointError("bad endpoint '" + std::string(text) + "': " + std::string(why));
}

std::uint16_t parse_port(std::string_view text, std::string_view port) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size())
    fail(text, "port '" + std::string(port) + "' is not a number (0-65535; 0 picks a free port)");
  if (value > 65535) fail(text, "port " + std::string(port) + " is out of range 0-65535");
  return std::uint16_t(value);
}

void parse_host_port(std::string_view text, std::string_view rest, Endpoint& ep) {
  std::size_t colon;
  if (rest.starts_with('[')) {
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos) fail(text, "'[' without ']' around the IPv6 address");
    ep.host = std::string(rest.substr(1, close - 1));
    if (close + 1 >= rest.size() || rest[close + 1] != ':')
      fail(text, "missing ':PORT' after the IPv6 address");
    colon = close + 1;
  } else {
    colon = rest.rfind(':');
    if (colon == std::string_view::npos) fail(text, "missing ':PORT'");
    ep.host = std::string(rest.substr(0, colon));
    if (ep.host.find(':') != std::string::npos)
      fail(text, "an IPv6 address must be in brackets, as tcp://[::1]:8080");
  }
  if (ep.host.empty()) fail(text, "missing host (use 0.0.0.0 or [::] for every address)");
  ep.port = parse_port(text, rest.substr(colon + 1));
}

}  // namespace

Endpoint Endpoint::parse(std::string_view text) {
  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos) fail(text, expected_forms);
  std::string_view scheme = text.substr(0, sep);
  std::string_view rest = text.substr(sep + 3);
  Endpoint ep;
  if (scheme == "tcp") ep.transport = Transport::tcp;
  else if (scheme == "udp") ep.transport = Transport::udp;
  else if (scheme == "unix") ep.transport = Transport::unix_stream;
  else if (scheme == "unixgram") ep.transport = Transport::unix_datagram;
  else fail(text, "unknown scheme '" + std::string(scheme) + "'; " + std::string(expected_forms));

  if (ep.transport == Transport::unix_stream || ep.transport == Transport::unix_datagram) {
    if (rest.empty()) fail(text, "missing socket path, as unix:///run/app.sock");
    if (rest.size() > 107) fail(text, "socket path longer than 107 bytes");
    ep.path = std::string(rest);
  } else {
    parse_host_port(text, rest, ep);
  }
  return ep;
}

std::string Endpoint::to_string() const {
  std::string scheme(sockserv::to_string(transport));
  if (transport == Transport::unix_stream || transport == Transport::unix_datagram)
    return scheme + "://" + path;
  bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace sockserv
