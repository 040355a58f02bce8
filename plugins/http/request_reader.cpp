#include "request_reader.hpp"

#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <cstring>

namespace httpd {
namespace {

namespace http = boost::beast::http;

ReadStatus status_of_error(const boost::beast::error_code& ec) {
  if (ec == http::error::body_limit) return ReadStatus::body_too_large;
  if (ec == http::error::header_limit) return ReadStatus::header_too_large;
  return ReadStatus::bad_request;
}

}  // namespace

int status_of(ReadStatus status) noexcept {
  switch (status) {
    case ReadStatus::bad_request: return 400;
    case ReadStatus::uri_too_long: return 414;
    case ReadStatus::header_too_large: return 431;
    case ReadStatus::body_too_large: return 413;
    default: return 0;
  }
}

namespace {
// A first buffer this small comes from malloc's per-thread cache; max_header_bytes (16 KiB
// by default) at once cost a large-chunk malloc and free on every connection. Requests
// from curl, wrk and most browsers fit; longer heads grow it by doubling.
constexpr std::size_t first_buffer = 1024;
}  // namespace

RequestReader::RequestReader(std::size_t max_header_bytes, std::uint64_t max_body_bytes)
    : capacity_(max_header_bytes),
      max_body_bytes_(max_body_bytes),
      size_(std::min(first_buffer, max_header_bytes)),
      buffer_(new char[size_]) {}

void RequestReader::grow() {
  std::size_t size = std::min(capacity_, size_ * 2);
  std::unique_ptr<char[]> bigger(new char[size]);
  std::memcpy(bigger.get(), buffer_.get() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  buffer_ = std::move(bigger);
  size_ = size;
}

bool RequestReader::read_more(ByteSource& source) {
  if (begin_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == size_ && size_ < capacity_) grow();
  if (end_ == size_) return true;  // full: the caller's limit check decides
  std::size_t n = source.read_some(buffer_.get() + end_, size_ - end_);
  end_ += n;
  return n > 0;
}

bool RequestReader::fill(ByteSource& source) { return buffered() || read_more(source); }

ReadStatus RequestReader::head_limit_status(const RequestHead& head) const noexcept {
  // Still inside the request line (no line end buffered, none parsed): the target is long.
  if (head.version == 0 && std::memchr(buffer_.get() + begin_, '\n', end_ - begin_) == nullptr)
    return ReadStatus::uri_too_long;
  return ReadStatus::header_too_large;
}

ReadStatus RequestReader::read_head(ByteSource& source, RequestHead& head) {
  parser_.emplace(head);
  parser_->header_limit(std::uint32_t(capacity_));
  parser_->body_limit(max_body_bytes_);
  std::size_t consumed = 0;  // head bytes the parser has taken so far
  for (;;) {
    // RFC 9112 §2.2: ignore empty lines before the request line.
    while (!parser_->got_some() && begin_ < end_ &&
           (buffer_[begin_] == '\r' || buffer_[begin_] == '\n'))
      ++begin_;
    if (begin_ < end_) {
      boost::beast::error_code ec;
      std::size_t n = parser_->put(boost::asio::const_buffer(buffer_.get() + begin_, end_ - begin_), ec);
      begin_ += n;
      consumed += n;
      if (!ec && parser_->is_header_done()) return ReadStatus::ok;
      if (ec == http::error::header_limit) return head_limit_status(head);
      if (ec && ec != http::error::need_more) return status_of_error(ec);
      if (!ec && n > 0) continue;
    }
    if (consumed + (end_ - begin_) >= capacity_) return head_limit_status(head);
    if (!read_more(source)) return parser_->got_some() ? ReadStatus::truncated : ReadStatus::closed;
  }
}

ReadStatus RequestReader::discard_body(ByteSource& source) {
  std::size_t want = 1;  // bytes to buffer before the next put()
  while (parser_ && !parser_->is_done()) {
    if (end_ - begin_ >= want) {
      boost::beast::error_code ec;
      std::size_t n = parser_->put(boost::asio::const_buffer(buffer_.get() + begin_, end_ - begin_), ec);
      begin_ += n;
      if (ec && ec != http::error::need_more) return status_of_error(ec);
      if (!ec && n > 0) {
        want = 1;
        continue;
      }
      // Beast 1.81 asserts that a chunked body's last chunk, once it asked for more, comes
      // back with at least 5 bytes ("0\r\n" then 1 byte trips it: boostorg/beast#2861, found
      // by our fuzzer). Every unfinished chunked tail needs at least "0\r\n\r\n", so
      // waiting for 5 bytes, or one more than now, never waits for bytes that will not come.
      want = std::max<std::size_t>(end_ - begin_ + 1, 5);
    }
    if (begin_ == 0 && end_ == capacity_) return ReadStatus::bad_request;  // a chunk line this long
    if (begin_ == end_) begin_ = end_ = 0;
    if (!read_more(source)) return ReadStatus::truncated;
  }
  return ReadStatus::ok;
}

}  // namespace httpd
