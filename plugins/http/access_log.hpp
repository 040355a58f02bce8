#pragma once
// Access log lines in the Common Log Format.

#include <cstdint>
#include <string>
#include <string_view>

namespace httpd {

/// One request as the access log records it.
struct AccessRecord {
  std::string_view host;         ///< the client's address
  std::int64_t time = 0;         ///< when the request was answered, seconds since the epoch
  std::string_view method;       ///< empty if the request line was never read
  std::string_view target;
  int version = 0;               ///< 10, 11, or 0 if unknown
  int status = 0;
  std::uint64_t bytes = 0;       ///< body bytes sent
};

/// Writes into `out` (replacing it):
/// `HOST - - [10/Oct/2000:13:55:36 +0000] "GET /a HTTP/1.1" 200 2326`,
/// with "-" for zero bytes and for an unknown request line; the request line escaped.
void format_access_log(std::string& out, const AccessRecord& record);

}  // namespace httpd
