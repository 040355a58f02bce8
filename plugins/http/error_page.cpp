#include "error_page.hpp"

#include "response_head.hpp"
#include "text_escape.hpp"

namespace httpd {
namespace {

std::string_view explanation(int status) {
  switch (status) {
    case 400: return "The request could not be understood.";
    case 404: return "Nothing matches the given URI.";
    case 405: return "This method is not allowed here; use GET or HEAD.";
    case 413: return "The request body is larger than this server accepts.";
    case 414: return "The request target is longer than this server accepts.";
    case 416: return "The requested range lies outside the file.";
    case 431: return "The request's header fields are larger than this server accepts.";
    case 500: return "The server failed to answer this request.";
    default: return "";
  }
}

}  // namespace

void render_error_page(std::string& out, int status, std::string_view server) {
  std::string code = std::to_string(status);
  std::string_view reason = reason_phrase(status);
  out.clear();
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>";
  out += code;
  out += ' ';
  out += reason;
  out += "</title>\n</head>\n<body>\n<h1>";
  out += code;
  out += ' ';
  out += reason;
  out += "</h1>\n<p>";
  out += explanation(status);
  out += "</p>\n<hr>\n<address>";
  append_html_escaped(out, server);
  out += "</address>\n</body>\n</html>\n";
}

}  // namespace httpd
