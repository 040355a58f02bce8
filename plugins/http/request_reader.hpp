#pragma once
// Reads requests from a byte source into a fixed buffer and parses them with Beast:
// the head first, then the body (read and thrown away). Bytes past the end of a request
// stay buffered for the next one, so pipelined requests are answered in order.

#include "request_head.hpp"
#include "request_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace httpd {

/// Where a reader gets bytes: the connection's Stream, or memory in tests and the fuzzer.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads at least one byte into `data`, at most `size`; 0 at end of stream.
  virtual std::size_t read_some(char* data, std::size_t size) = 0;
};

/// What reading a request gave.
enum class ReadStatus {
  ok,                ///< the head (or the body) has been read
  closed,            ///< end of stream before a request began: close quietly
  truncated,         ///< end of stream inside a request: close quietly
  bad_request,       ///< malformed: 400
  uri_too_long,      ///< the request line alone reached max_header_bytes: 414
  header_too_large,  ///< the head reached max_header_bytes: 431
  body_too_large,    ///< the body is over max_body_bytes: 413
};

/// The HTTP status a failed read is answered with; 0 for ok, closed and truncated.
int status_of(ReadStatus status) noexcept;

/// One per connection. Its buffer starts at 1 KiB and grows, by doubling, up to
/// max_header_bytes as a long head needs it.
class RequestReader {
 public:
  RequestReader(std::size_t max_header_bytes, std::uint64_t max_body_bytes);

  /// True if bytes of another request are already buffered.
  bool buffered() const noexcept { return begin_ < end_; }
  /// Reads once into the buffer; false at end of stream. Lets the caller wait for the
  /// first byte of the next request under a different timeout than the rest.
  bool fill(ByteSource& source);
  /// Reads the head of the next request into `head`. Empty lines before it are skipped.
  ReadStatus read_head(ByteSource& source, RequestHead& head);
  /// True if the request whose head was read last has body bytes yet to read.
  bool body_pending() const noexcept { return parser_ && !parser_->is_done(); }
  /// Reads the rest of that request's body and throws it away.
  ReadStatus discard_body(ByteSource& source);

 private:
  // Moves the unparsed bytes to the front and reads more; false at end of stream.
  bool read_more(ByteSource& source);
  ReadStatus head_limit_status(const RequestHead& head) const noexcept;
  // Doubles the buffer (at most to capacity_), keeping the unparsed bytes.
  void grow();

  std::size_t capacity_;
  std::uint64_t max_body_bytes_;
  std::size_t size_;  // of buffer_, up to capacity_
  std::unique_ptr<char[]> buffer_;
  std::size_t begin_ = 0;  // first unparsed byte
  std::size_t end_ = 0;    // one past the last buffered byte
  std::optional<RequestParser> parser_;
};

}  // namespace httpd
