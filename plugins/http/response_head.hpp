#pragma once
// Builds a response's status line and fields into one reused string.

#include <cstdint>
#include <string>
#include <string_view>

namespace httpd {

/// The standard reason phrase of `status` ("Not Found"); "Unknown" for others.
std::string_view reason_phrase(int status) noexcept;

/// A response head being written. One per connection; its string keeps its capacity.
class ResponseHead {
 public:
  /// Starts a head: "HTTP/1.1 STATUS REASON", then Date and Server.
  void start(int status, std::string_view date, std::string_view server);
  /// Adds "name: value".
  void add(std::string_view name, std::string_view value);
  /// Adds "name: value" for a number.
  void add(std::string_view name, std::uint64_t value);
  /// Adds "Content-Range: bytes FIRST-LAST/SIZE" (length > 0) or "bytes */SIZE".
  void add_content_range(std::uint64_t first, std::uint64_t length, std::uint64_t size);
  /// Adds the Connection field and the blank line, then `body`; returns it all, to be
  /// sent in one write.
  std::string_view finish(bool keep_alive, std::string_view body = {});
  /// The status given to start().
  int status() const noexcept { return status_; }

 private:
  std::string text_;
  int status_ = 0;
};

}  // namespace httpd
