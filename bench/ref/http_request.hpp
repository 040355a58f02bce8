#pragma once
// The HTTP/1.x request head parsing the epoll HTTP reference needs: the request line and
// the Connection field. Enough to be correct for what the benchmark sends, no more.

#include <cstddef>
#include <optional>
#include <string>

namespace bench {

/// A request head longer than this is refused (the connection is closed).
inline constexpr std::size_t max_head_bytes = 16 * 1024;

/// What the reference acts on.
struct HttpRequest {
  std::string target;
  bool get = false;
  bool head = false;
  bool keep_alive = false;  ///< HTTP/1.1 unless "Connection: close"; HTTP/1.0 only if asked
  bool bad = false;         ///< malformed, or it has a body: answered 400, then closed
};

/// Removes the first complete request head from `buffer` and parses it; nullopt if the
/// buffer does not hold a whole head yet.
std::optional<HttpRequest> take_request(std::string& buffer);

}  // namespace bench
