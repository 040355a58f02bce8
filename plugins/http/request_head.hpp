#pragma once
// What the server keeps of a request's head: the request line and the few fields it acts
// on. One lives per connection and is reused, so its strings keep their capacity.

#include <cstdint>
#include <string>

namespace httpd {

/// The methods the server tells apart.
enum class Method { get, head, other };

/// A request's head.
struct RequestHead {
  Method method = Method::other;
  std::string method_text;        ///< as sent, for the log and the 405 page
  std::string target;             ///< as sent
  int version = 0;                ///< 10 or 11; 0 until the request line is parsed
  bool keep_alive = false;        ///< the connection may serve another request after this
  int host_count = 0;             ///< Host fields seen (HTTP/1.1 needs exactly one)
  bool expect_continue = false;   ///< "Expect: 100-continue"
  bool has_body = false;          ///< a Content-Length above 0, or chunked
  bool transfer_encoding = false; ///< a Transfer-Encoding field was sent
  std::string if_none_match;      ///< every If-None-Match field, joined with ", "
  std::string if_modified_since;  ///< empty: absent or sent more than once
  std::string range;              ///< empty: absent or sent more than once
  std::string if_range;           ///< empty: absent or sent more than once

  /// Forgets the last request, keeping the strings' capacity.
  void clear() {
    method = Method::other;
    method_text.clear();
    target.clear();
    version = 0;
    keep_alive = false;
    host_count = 0;
    expect_continue = false;
    has_body = false;
    transfer_encoding = false;
    if_none_match.clear();
    if_modified_since.clear();
    range.clear();
    if_range.clear();
    duplicates_ = 0;
  }

  /// Bits for fields seen more than once; set by the parser.
  unsigned duplicates_ = 0;
};

}  // namespace httpd
