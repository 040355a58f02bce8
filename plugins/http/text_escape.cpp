#include "text_escape.hpp"

namespace httpd {
namespace {

constexpr char hex_digits[] = "0123456789ABCDEF";

void append_hex(std::string& out, char prefix_a, char prefix_b, unsigned char c) {
  if (prefix_a) out += prefix_a;
  out += prefix_b;
  out += hex_digits[c >> 4];
  out += hex_digits[c & 15];
}

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

void append_html_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  }
}

void append_percent_encoded(std::string& out, std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (unreserved(u)) {
      out += c;
    } else {
      append_hex(out, 0, '%', u);
    }
  }
}

void append_log_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      append_hex(out, '\\', 'x', u);
    } else {
      out += c;
    }
  }
}

}  // namespace httpd
