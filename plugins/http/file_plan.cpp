#include "file_plan.hpp"

#include "http_date.hpp"

#include <charconv>

namespace httpd {
namespace {

bool is_ows(char c) { return c == ' ' || c == '\t'; }

// Strips "W/" from an entity tag: what weak comparison compares.
std::string_view opaque(std::string_view tag) {
  if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/') tag.remove_prefix(2);
  return tag;
}

}  // namespace

std::string_view format_etag(const FileMeta& meta, char (&out)[etag_capacity]) noexcept {
  char* p = out;
  char* end = out + etag_capacity;
  *p++ = '"';
  p = std::to_chars(p, end, static_cast<std::uint64_t>(meta.mtime), 16).ptr;
  *p++ = '.';
  p = std::to_chars(p, end, static_cast<std::uint64_t>(meta.mtime_nsec), 16).ptr;
  *p++ = '-';
  p = std::to_chars(p, end, meta.size, 16).ptr;
  *p++ = '"';
  return {out, std::size_t(p - out)};
}

bool none_match_hits(std::string_view list, std::string_view etag) noexcept {
  std::string_view ours = opaque(etag);
  while (!list.empty()) {
    while (!list.empty() && (is_ows(list.front()) || list.front() == ',')) list.remove_prefix(1);
    if (list.empty()) break;
    if (list.front() == '*') return true;
    std::size_t start = (list.size() >= 2 && list[0] == 'W' && list[1] == '/') ? 2 : 0;
    if (start >= list.size() || list[start] != '"') return false;  // malformed: no match
    std::size_t close = list.find('"', start + 1);
    if (close == std::string_view::npos) return false;
    if (opaque(list.substr(0, close + 1)) == ours) return true;
    list.remove_prefix(close + 1);
  }
  return false;
}

FilePlan plan_file_response(const FileMeta& meta, std::string_view etag, const RequestHead& head,
                            bool is_get) noexcept {
  // RFC 9110 §13.2.2: If-None-Match first; If-Modified-Since only without it.
  if (!head.if_none_match.empty()) {
    if (none_match_hits(head.if_none_match, etag)) return {304, 0, 0};
  } else if (!head.if_modified_since.empty()) {
    auto since = parse_http_date(head.if_modified_since);
    if (since && meta.mtime <= *since) return {304, 0, 0};
  }
  FilePlan whole{200, 0, meta.size};
  if (!is_get || head.range.empty()) return whole;
  if (!head.if_range.empty()) {
    std::string_view v = head.if_range;
    if (v.front() == '"' || v.starts_with("W/")) {
      if (v != etag) return whole;  // strong comparison: a weak tag never matches
    } else {
      auto date = parse_http_date(v);
      if (!date || *date != meta.mtime) return whole;
    }
  }
  RangeRequest range = parse_range(head.range, meta.size);
  switch (range.kind) {
    case RangeKind::single: return {206, range.first, range.length};
    case RangeKind::unsatisfiable: return {416, 0, 0};
    case RangeKind::whole: break;
  }
  return whole;
}

}  // namespace httpd
