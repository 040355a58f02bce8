#include "request_parser.hpp"

#include <boost/beast/http/error.hpp>

#include <string_view>

namespace httpd {
namespace {

namespace http = boost::beast::http;

enum Duplicate : unsigned { dup_ims = 1, dup_range = 2, dup_if_range = 4 };

bool equals_ignoring_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// A field that may appear once: a second copy makes it count as absent.
void set_single(std::string& slot, std::string_view value, unsigned bit, unsigned& duplicates) {
  if (duplicates & bit) return;
  if (!slot.empty()) {
    slot.clear();
    duplicates |= bit;
    return;
  }
  slot.assign(value);
}

}  // namespace

void RequestParser::on_request_impl(http::verb method, string_view method_text,
                                    string_view target, int version, error_code&) {
  head_.method = method == http::verb::get    ? Method::get
                 : method == http::verb::head ? Method::head
                                              : Method::other;
  head_.method_text.assign(method_text.data(), method_text.size());
  head_.target.assign(target.data(), target.size());
  head_.version = version;
}

void RequestParser::on_field_impl(http::field name, string_view, string_view value,
                                  error_code&) {
  std::string_view v(value.data(), value.size());
  switch (name) {
    case http::field::host:
      ++head_.host_count;
      break;
    case http::field::transfer_encoding:
      head_.transfer_encoding = true;
      break;
    case http::field::expect:
      head_.expect_continue = equals_ignoring_case(v, "100-continue");
      break;
    case http::field::if_none_match:
      if (!head_.if_none_match.empty()) head_.if_none_match += ", ";
      head_.if_none_match.append(v);
      break;
    case http::field::if_modified_since:
      set_single(head_.if_modified_since, v, dup_ims, head_.duplicates_);
      break;
    case http::field::range:
      set_single(head_.range, v, dup_range, head_.duplicates_);
      break;
    case http::field::if_range:
      set_single(head_.if_range, v, dup_if_range, head_.duplicates_);
      break;
    default:
      break;
  }
}

void RequestParser::on_header_impl(error_code& ec) {
  // RFC 9112 §6.3: a request whose last transfer coding is not chunked has no knowable
  // length; Beast would read it to the end of the stream.
  if (head_.transfer_encoding && !chunked()) {
    ec = http::error::bad_transfer_encoding;
    return;
  }
  head_.keep_alive = keep_alive();
  head_.has_body = chunked() || content_length().value_or(0) > 0;
}

}  // namespace httpd
