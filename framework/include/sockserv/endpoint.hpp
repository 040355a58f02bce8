#pragma once
/// @file endpoint.hpp
/// Where a server listens, written as a URL: tcp://127.0.0.1:8080, tcp://[::1]:0,
/// udp://localhost:5353, unix:///run/app.sock, unixgram:///run/app.dgram.

#include <sockserv/api.hpp>
#include <sockserv/error.hpp>
#include <sockserv/transport.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace sockserv {

/// A malformed endpoint; the message says what was expected.
class SOCKSERV_API EndpointError : public Error {
 public:
  using Error::Error;
};

/// A parsed endpoint. Value type; parsing does not resolve host names.
struct SOCKSERV_API Endpoint {
  Transport transport = Transport::tcp;  ///< the scheme
  std::string host;                      ///< tcp/udp: IP literal or host name, no brackets
  std::uint16_t port = 0;                ///< tcp/udp: 0 asks the system for a free port
  std::string path;                      ///< unix/unixgram: the socket file

  /// Parses `text`; throws EndpointError saying what is wrong and what would be right.
  static Endpoint parse(std::string_view text);
  /// The URL form, brackets around IPv6 hosts; parse(to_string()) gives back the same.
  std::string to_string() const;

  /// Equal when transport and address are equal.
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

}  // namespace sockserv
