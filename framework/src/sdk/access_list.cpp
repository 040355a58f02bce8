#include "sdk/ip_key.hpp"

#include <sockserv/access_list.hpp>
#include <sockserv/error.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

namespace sockserv {
namespace detail {

std::optional<IpKey> ip_key(const Address& address) noexcept {
  IpKey key;
  if (address.family() == AF_INET && address.size() >= sizeof(sockaddr_in)) {
    auto* in = reinterpret_cast<const sockaddr_in*>(address.data());
    key.family = AF_INET;
    std::memcpy(key.bytes.data(), &in->sin_addr, 4);
    return key;
  }
  if (address.family() == AF_INET6 && address.size() >= sizeof(sockaddr_in6)) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(address.data());
    const std::uint8_t* b = in6->sin6_addr.s6_addr;
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
      key.family = AF_INET;
      std::memcpy(key.bytes.data(), b + 12, 4);
    } else {
      key.family = AF_INET6;
      std::memcpy(key.bytes.data(), b, 16);
    }
    return key;
  }
  return std::nullopt;
}

bool same_prefix(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                 int prefix) noexcept {
  int whole = prefix / 8;
  if (std::memcmp(a.data(), b.data(), std::size_t(whole)) != 0) return false;
  int rest = prefix % 8;
  if (rest == 0) return true;
  auto mask = std::uint8_t(0xff << (8 - rest));
  return (a[std::size_t(whole)] & mask) == (b[std::size_t(whole)] & mask);
}

}  // namespace detail

namespace {

constexpr std::string_view right_form =
    "write an address or CIDR block like 10.0.0.0/8, 192.168.1.7, ::1 or fd00::/8";

[[noreturn]] void bad(std::string_view text, const std::string& why) {
  throw Error("bad address '" + std::string(text) + "': " + why + "; " + std::string(right_form));
}

bool only(std::string_view s, std::string_view chars) {
  return s.find_first_not_of(chars) == std::string_view::npos;
}

/// The address part as bytes and family, or a thrown Error naming what is wrong.
int parse_address(std::string_view text, std::string_view address,
                  std::array<std::uint8_t, 16>& bytes) {
  if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
    address = address.substr(1, address.size() - 2);
  std::string a(address);
  if (a.empty()) bad(text, "no address");
  if (a.find(':') != std::string::npos) {
    if (::inet_pton(AF_INET6, a.c_str(), bytes.data()) != 1)
      bad(text, "'" + a + "' is not an IPv6 address");
    return AF_INET6;
  }
  if (only(a, "0123456789.")) {
    if (::inet_pton(AF_INET, a.c_str(), bytes.data()) != 1)
      bad(text,
          "'" + a + "' is not an IPv4 address: it needs four numbers 0-255 separated by dots");
    return AF_INET;
  }
  bad(text, "'" + a + "' is not an IP address (host names are not resolved)");
}

int parse_prefix(std::string_view text, std::string_view prefix, int family) {
  int max = family == AF_INET ? 32 : 128;
  std::string range = "0-" + std::to_string(max);
  if (prefix.empty() || prefix.size() > 3 || !only(prefix, "0123456789"))
    bad(text, "the prefix length after '/' must be a number " + range + ", got '" +
                  std::string(prefix) + "'");
  int n = std::stoi(std::string(prefix));
  if (n > max)
    bad(text, "prefix length " + std::to_string(n) + " is out of range for " +
                  (family == AF_INET ? "IPv4" : "IPv6") + " (" + range + ")");
  return n;
}

}  // namespace

Cidr::Cidr(int family, const std::array<std::uint8_t, 16>& bytes, int prefix) noexcept
    : family_(family), prefix_(prefix), bytes_(bytes) {}

Cidr Cidr::parse(std::string_view text) {
  std::size_t slash = text.find('/');
  std::array<std::uint8_t, 16> bytes{};
  int family = parse_address(text, text.substr(0, slash), bytes);
  int prefix = slash == std::string_view::npos
                   ? (family == AF_INET ? 32 : 128)
                   : parse_prefix(text, text.substr(slash + 1), family);
  in6_addr as6;
  std::memcpy(&as6, bytes.data(), sizeof as6);
  if (family == AF_INET6 && prefix >= 96 && IN6_IS_ADDR_V4MAPPED(&as6)) {
    std::memmove(bytes.data(), bytes.data() + 12, 4);  // ::ffff:a.b.c.d/N is a.b.c.d/(N-96)
    std::fill(bytes.begin() + 4, bytes.end(), std::uint8_t(0));
    family = AF_INET;
    prefix -= 96;
  }
  for (int bit = prefix; bit < 128; ++bit)  // clear host bits
    bytes[std::size_t(bit / 8)] &= std::uint8_t(~(0x80 >> (bit % 8)));
  return Cidr(family, bytes, prefix);
}

bool Cidr::contains(const Address& peer) const noexcept {
  auto key = detail::ip_key(peer);
  return key && key->family == family_ && detail::same_prefix(key->bytes, bytes_, prefix_);
}

std::string Cidr::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(family_, bytes_.data(), text, sizeof text);
  return std::string(text) + "/" + std::to_string(prefix_);
}

AccessList& AccessList::allow(const Cidr& block) {
  allowed_.push_back(block);
  return *this;
}

AccessList& AccessList::deny(const Cidr& block) {
  denied_.push_back(block);
  return *this;
}

bool AccessList::permits(const Address& peer) const noexcept {
  if (!detail::ip_key(peer)) return true;  // Unix-domain: the lists speak of IPs only
  auto inside = [&](const Cidr& block) { return block.contains(peer); };
  if (!allowed_.empty() && std::none_of(allowed_.begin(), allowed_.end(), inside)) return false;
  return std::none_of(denied_.begin(), denied_.end(), inside);
}

}  // namespace sockserv
