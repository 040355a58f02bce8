#include "response_head.hpp"

#include <charconv>

namespace httpd {
namespace {

constexpr std::size_t head_capacity = 512;

void append_number(std::string& out, std::uint64_t value) {
  char digits[20];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, std::size_t(end - digits));
}

}  // namespace

std::string_view reason_phrase(int status) noexcept {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 416: return "Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

void ResponseHead::start(int status, std::string_view date, std::string_view server) {
  status_ = status;
  text_.clear();
  // One allocation for a typical head instead of a doubling series per connection (the
  // Responder, and so this string, is made afresh for every connection).
  text_.reserve(head_capacity);
  text_ += "HTTP/1.1 ";
  append_number(text_, std::uint64_t(status));
  text_ += ' ';
  text_ += reason_phrase(status);
  text_ += "\r\n";
  add("Date", date);
  if (!server.empty()) add("Server", server);
}

void ResponseHead::add(std::string_view name, std::string_view value) {
  text_ += name;
  text_ += ": ";
  text_ += value;
  text_ += "\r\n";
}

void ResponseHead::add(std::string_view name, std::uint64_t value) {
  text_ += name;
  text_ += ": ";
  append_number(text_, value);
  text_ += "\r\n";
}

void ResponseHead::add_content_range(std::uint64_t first, std::uint64_t length,
                                     std::uint64_t size) {
  text_ += "Content-Range: bytes ";
  if (length == 0) {
    text_ += '*';
  } else {
    append_number(text_, first);
    text_ += '-';
    append_number(text_, first + length - 1);
  }
  text_ += '/';
  append_number(text_, size);
  text_ += "\r\n";
}

std::string_view ResponseHead::finish(bool keep_alive, std::string_view body) {
  std::string_view connection =
      keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  text_.reserve(text_.size() + connection.size() + body.size());
  text_ += connection;
  text_ += body;
  return text_;
}

}  // namespace httpd
