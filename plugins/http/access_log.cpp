#include "access_log.hpp"

#include "http_date.hpp"
#include "text_escape.hpp"

namespace httpd {

void format_access_log(std::string& out, const AccessRecord& r) {
  out.clear();
  append_log_escaped(out, r.host.empty() ? std::string_view("-") : r.host);
  out += " - - [";
  char date[clf_date_size];
  format_clf_date(r.time, date);
  out.append(date, clf_date_size);
  out += "] \"";
  if (r.method.empty()) {
    out += '-';
  } else {
    append_log_escaped(out, r.method);
    out += ' ';
    append_log_escaped(out, r.target);
    out += r.version == 10 ? " HTTP/1.0" : " HTTP/1.1";
  }
  out += "\" ";
  out += std::to_string(r.status);
  out += ' ';
  if (r.bytes == 0) {
    out += '-';
  } else {
    out += std::to_string(r.bytes);
  }
}

}  // namespace httpd
