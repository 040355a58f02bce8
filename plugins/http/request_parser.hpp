#pragma once
// Boost.Beast's HTTP/1 parser, fed by the caller's buffer, writing into a RequestHead and
// discarding any body.

#include "request_head.hpp"

#include <boost/beast/http/basic_parser.hpp>

namespace httpd {

/// Parses one request. Made afresh for each request (Beast's parsers are not reusable);
/// it allocates nothing itself unless a caller hands it a multi-buffer sequence.
class RequestParser final : public boost::beast::http::basic_parser<true> {
 public:
  /// Fills `head`, which must outlive the parser; clears it first.
  explicit RequestParser(RequestHead& head) : head_(head) { head_.clear(); }

 private:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  void on_request_impl(boost::beast::http::verb method, string_view method_text,
                       string_view target, int version, error_code& ec) override;
  void on_response_impl(int, string_view, int, error_code&) override {}
  void on_field_impl(boost::beast::http::field name, string_view name_text, string_view value,
                     error_code& ec) override;
  void on_header_impl(error_code& ec) override;
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override { return body.size(); }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code&) override {
    return body.size();
  }
  void on_finish_impl(error_code&) override {}

  RequestHead& head_;
};

}  // namespace httpd
