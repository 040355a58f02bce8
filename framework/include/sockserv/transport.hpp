#pragma once
/// @file transport.hpp
/// The four transports a server can listen on.

#include <sockserv/api.hpp>

#include <cstdint>
#include <string>
#include <initializer_list>
#include <string_view>

namespace sockserv {

/// How a server's endpoint carries requests; the endpoint's scheme names it.
enum class Transport : std::uint8_t {
  tcp,       ///< tcp://host:port — a stream per connection
  udp,       ///< udp://host:port — a request per datagram
  unix_stream,    ///< unix:///path — a stream per connection on a Unix-domain socket
  unix_datagram,  ///< unixgram:///path — a request per datagram on a Unix-domain socket
};

/// The scheme that names `t`: "tcp", "udp", "unix" or "unixgram".
SOCKSERV_API std::string_view to_string(Transport t) noexcept;

/// True for tcp and unix: requests are connections read as a Stream.
constexpr bool is_stream(Transport t) noexcept {
  return t == Transport::tcp || t == Transport::unix_stream;
}

/// A set of transports, as a plugin declares the ones it serves.
class TransportSet {
 public:
  constexpr TransportSet() = default;
  /// The set holding exactly `ts`.
  constexpr TransportSet(std::initializer_list<Transport> ts) {
    for (Transport t : ts) bits_ |= bit(t);
  }
  /// Every transport.
  static constexpr TransportSet all() {
    return {Transport::tcp, Transport::udp, Transport::unix_stream, Transport::unix_datagram};
  }
  /// Adds `t` to the set.
  constexpr void add(Transport t) noexcept { bits_ |= bit(t); }
  /// True if `t` is in the set.
  constexpr bool contains(Transport t) const noexcept { return bits_ & bit(t); }
  /// True if the set is empty.
  constexpr bool empty() const noexcept { return bits_ == 0; }

 private:
  static constexpr std::uint8_t bit(Transport t) { return std::uint8_t(1u << unsigned(t)); }
  std::uint8_t bits_ = 0;
};

/// "tcp, udp": the transports in `set`, in declaration order; "none" if empty.
SOCKSERV_API std::string to_string(TransportSet set);

}  // namespace sockserv
