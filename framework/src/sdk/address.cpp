#include <sockserv/address.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <cstddef>
#include <cstring>

namespace sockserv {

Address::Address() noexcept : storage_{}, len_(0) { storage_.ss_family = AF_UNSPEC; }

Address::Address(const sockaddr* sa, socklen_t len) noexcept : storage_{}, len_(0) {
  if (sa == nullptr || len == 0 || len > sizeof storage_) {
    storage_.ss_family = AF_UNSPEC;
    return;
  }
  std::memcpy(&storage_, sa, len);
  len_ = len;
}

std::uint16_t Address::port() const noexcept {
  if (family() == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in*>(&storage_)->sin_port);
  if (family() == AF_INET6)
    return ntohs(reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_port);
  return 0;
}

std::string Address::host() const {
  char text[INET6_ADDRSTRLEN] = {};
  if (family() == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(&storage_)->sin_addr, text,
              sizeof text);
    return text;
  }
  if (family() == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(&storage_)->sin6_addr, text,
              sizeof text);
    return text;
  }
  if (family() == AF_UNIX) {
    auto* un = reinterpret_cast<const sockaddr_un*>(&storage_);
    std::size_t max = len_ > offsetof(sockaddr_un, sun_path) ? len_ - offsetof(sockaddr_un, sun_path) : 0;
    return std::string(un->sun_path, strnlen(un->sun_path, max));
  }
  return {};
}

std::string Address::to_string() const {
  switch (family()) {
    case AF_INET: return host() + ":" + std::to_string(port());
    case AF_INET6: return "[" + host() + "]:" + std::to_string(port());
    case AF_UNIX: {
      std::string path = host();
      return path.empty() ? "(unnamed)" : path;
    }
    default: return "(none)";
  }
}

}  // namespace sockserv
