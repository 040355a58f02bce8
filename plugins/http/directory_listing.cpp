#include "directory_listing.hpp"

#include "http_date.hpp"
#include "text_escape.hpp"

#include <algorithm>

namespace httpd {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }

bool name_before(const ListingEntry& a, const ListingEntry& b) {
  bool less = std::lexicographical_compare(
      a.name.begin(), a.name.end(), b.name.begin(), b.name.end(),
      [](char x, char y) { return lower(x) < lower(y); });
  bool greater = std::lexicographical_compare(
      b.name.begin(), b.name.end(), a.name.begin(), a.name.end(),
      [](char x, char y) { return lower(x) < lower(y); });
  if (less || greater) return less;
  return a.name < b.name;
}

void row(std::string& out, const ListingEntry& e) {
  out += "<tr><td><a href=\"";
  append_percent_encoded(out, e.name);
  if (e.is_directory) out += '/';
  out += "\">";
  append_html_escaped(out, e.name);
  if (e.is_directory) out += '/';
  out += "</a></td><td>";
  if (e.is_directory) {
    out += '-';
  } else {
    out += std::to_string(e.size);
  }
  out += "</td><td>";
  char date[listing_date_size];
  format_listing_date(e.mtime, date);
  out.append(date, listing_date_size);
  out += "</td></tr>\n";
}

}  // namespace

void render_listing(std::string& out, std::string_view url_path,
                    std::vector<ListingEntry>& entries) {
  std::sort(entries.begin(), entries.end(), name_before);
  out.clear();
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<title>Directory listing for ";
  append_html_escaped(out, url_path);
  out += "</title>\n</head>\n<body>\n<h1>Directory listing for ";
  append_html_escaped(out, url_path);
  out += "</h1>\n<hr>\n<table>\n"
         "<tr><th>Name</th><th>Size</th><th>Last modified (UTC)</th></tr>\n";
  if (url_path != "/") out += "<tr><td><a href=\"../\">../</a></td><td>-</td><td></td></tr>\n";
  for (const ListingEntry& e : entries) row(out, e);
  out += "</table>\n<hr>\n</body>\n</html>\n";
}

}  // namespace httpd
