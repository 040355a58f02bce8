#include "http_request.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace bench {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool has_token(std::string_view value, std::string_view token) {
  while (!value.empty()) {
    std::size_t comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (iequals(item, token)) return true;
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return false;
}

void parse_request_line(std::string_view line, HttpRequest& r) {
  std::size_t a = line.find(' '), b = line.rfind(' ');
  if (a == std::string_view::npos || a == b) {
    r.bad = true;
    return;
  }
  std::string_view method = line.substr(0, a), version = line.substr(b + 1);
  r.target.assign(line.substr(a + 1, b - a - 1));
  r.get = method == "GET";
  r.head = method == "HEAD";
  r.keep_alive = version == "HTTP/1.1";
  r.bad = version != "HTTP/1.1" && version != "HTTP/1.0";
}

void parse_field(std::string_view line, HttpRequest& r) {
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    r.bad = true;
    return;
  }
  std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
  if (iequals(name, "connection")) {
    if (has_token(value, "close")) r.keep_alive = false;
    if (has_token(value, "keep-alive")) r.keep_alive = true;
  } else if (iequals(name, "transfer-encoding") ||
             (iequals(name, "content-length") && value.find_first_not_of(" \t0") !=
                                                     std::string_view::npos)) {
    r.bad = true;
  }
}

}  // namespace

std::optional<HttpRequest> take_request(std::string& buffer) {
  std::size_t start = buffer.find_first_not_of("\r\n");  // empty lines before a request
  if (start == std::string::npos) return std::nullopt;
  std::size_t end = buffer.find("\r\n\r\n", start);
  if (end == std::string::npos) return std::nullopt;
  HttpRequest r;
  std::string_view head(buffer.data() + start, end - start);
  std::size_t eol = head.find("\r\n");
  parse_request_line(head.substr(0, eol), r);
  while (eol != std::string_view::npos && !r.bad) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    parse_field(head.substr(0, eol), r);
  }
  if (r.bad) r.keep_alive = false;
  buffer.erase(0, end + 4);
  return r;
}

}  // namespace bench
