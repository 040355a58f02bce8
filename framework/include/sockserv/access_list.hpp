#pragma once
/// @file access_list.hpp
/// Which client addresses may connect: allow and deny lists of CIDR blocks
/// (config: a server's `allow:` and `deny:`; socketserver's verify_request, as data).

#include <sockserv/address.hpp>
#include <sockserv/api.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv {

/// An IPv4 or IPv6 address block such as 10.0.0.0/8 or fd00::/8. Value type.
/// Host bits are cleared (10.1.2.3/24 is 10.1.2.0/24). An IPv4-mapped IPv6 block
/// (::ffff:10.0.0.0/104) is stored as the IPv4 block it names (10.0.0.0/8).
class SOCKSERV_API Cidr {
 public:
  /// Parses "ADDRESS" (a single host: /32 or /128) or "ADDRESS/PREFIX". IPv6 may be
  /// bracketed ("[::1]"). Host names are not resolved. Throws Error saying what is wrong
  /// and showing what is right.
  static Cidr parse(std::string_view text);

  /// True if `peer` is an IP address inside this block. An IPv4-mapped IPv6 peer
  /// (::ffff:127.0.0.1, as a dual-stack socket sees IPv4 clients) is matched as IPv4.
  bool contains(const Address& peer) const noexcept;
  /// AF_INET or AF_INET6.
  int family() const noexcept { return family_; }
  /// The prefix length: 0-32 for IPv4, 0-128 for IPv6.
  int prefix_length() const noexcept { return prefix_; }
  /// The normalised text, always with the prefix: "10.1.2.0/24", "::1/128".
  std::string to_string() const;

  /// Same family, prefix and network.
  friend bool operator==(const Cidr&, const Cidr&) = default;

 private:
  Cidr(int family, const std::array<std::uint8_t, 16>& bytes, int prefix) noexcept;

  int family_ = 0;
  int prefix_ = 0;
  std::array<std::uint8_t, 16> bytes_{};  ///< network bytes; IPv4 uses the first 4
};

/// Allow and deny lists. A peer is permitted if the allow list is empty or holds a block
/// containing it, and no deny block contains it: deny wins. Unix-domain peers (and any
/// other non-IP peer) are always permitted: the lists speak of IP addresses only; guard a
/// Unix socket with its file permissions. Value type; const methods are thread-safe.
class SOCKSERV_API AccessList {
 public:
  /// Adds a block to the allow list.
  AccessList& allow(const Cidr& block);
  /// Parses `cidr` (Cidr::parse, may throw Error) and adds it to the allow list.
  AccessList& allow(std::string_view cidr) { return allow(Cidr::parse(cidr)); }
  /// Adds a block to the deny list.
  AccessList& deny(const Cidr& block);
  /// Parses `cidr` (Cidr::parse, may throw Error) and adds it to the deny list.
  AccessList& deny(std::string_view cidr) { return deny(Cidr::parse(cidr)); }

  /// True if `peer` may connect (see the class comment).
  bool permits(const Address& peer) const noexcept;
  /// True if both lists are empty: everyone is permitted.
  bool empty() const noexcept { return allowed_.empty() && denied_.empty(); }
  /// The allow list, in the order given.
  const std::vector<Cidr>& allowed() const noexcept { return allowed_; }
  /// The deny list, in the order given.
  const std::vector<Cidr>& denied() const noexcept { return denied_; }

 private:
  std::vector<Cidr> allowed_;
  std::vector<Cidr> denied_;
};

}  // namespace sockserv
