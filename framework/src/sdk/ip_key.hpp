#pragma once
// A peer's IP address as comparable bytes: what access lists match and what per-source
// limits count by. Private to the library.

#include <sockserv/address.hpp>

#include <array>
#include <cstdint>
#include <optional>

namespace sockserv::detail {

/// An IP address without its port. IPv4 fills the first 4 bytes; an IPv4-mapped IPv6
/// address (::ffff:a.b.c.d) is stored as the IPv4 address it carries, so a client is one
/// source whichever socket family saw it.
struct IpKey {
  int family = 0;  ///< AF_INET or AF_INET6
  std::array<std::uint8_t, 16> bytes{};

  friend auto operator<=>(const IpKey&, const IpKey&) = default;
};

/// The key of an AF_INET or AF_INET6 address; nullopt for Unix-domain and empty ones.
std::optional<IpKey> ip_key(const Address& address) noexcept;

/// True if the first `prefix` bits of `a` and `b` are equal.
bool same_prefix(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                 int prefix) noexcept;

}  // namespace sockserv::detail
