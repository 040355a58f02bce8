#include "path_resolver.hpp"

namespace httpd {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool starts_with_ignoring_case(std::string_view s, std::string_view lower_prefix) {
  if (s.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != lower_prefix[i]) return false;
  }
  return true;
}

// The path of an origin- or absolute-form target, query and fragment removed; false if it
// has neither form.
bool split_target(std::string_view target, ResolvedTarget& out) {
  if (std::size_t hash = target.find('#'); hash != std::string_view::npos)
    target = target.substr(0, hash);
  if (std::size_t q = target.find('?'); q != std::string_view::npos) {
    out.query = target.substr(q + 1);
    out.has_query = true;
    target = target.substr(0, q);
  }
  for (std::string_view scheme : {"http://", "https://"}) {
    if (starts_with_ignoring_case(target, scheme)) {
      std::size_t slash = target.find('/', scheme.size());
      if (slash == scheme.size()) return false;  // "http:///x": no authority
      target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
      break;
    }
  }
  if (target.empty() || target.front() != '/') return false;
  out.raw_path = target;
  out.trailing_slash = target.back() == '/';
  return true;
}

// Appends the decoded `segment` to `out`; the status says whether it may be served.
TargetStatus decode_segment(std::string_view segment, std::string& out) {
  for (std::size_t i = 0; i < segment.size(); ++i) {
    char c = segment[i];
    if (c == '%') {
      if (i + 2 >= segment.size()) return TargetStatus::bad_request;
      int hi = hex_value(segment[i + 1]);
      int lo = hex_value(segment[i + 2]);
      if (hi < 0 || lo < 0) return TargetStatus::bad_request;
      c = char(hi * 16 + lo);
      i += 2;
    }
    if (c == '/' || c == '\\' || c == '\0') return TargetStatus::not_found;
    out += c;
  }
  return TargetStatus::ok;
}

}  // namespace

TargetStatus resolve_target(std::string_view target, bool show_hidden, ResolvedTarget& out) {
  out.relative.clear();
  out.raw_path = {};
  out.query = {};
  out.has_query = false;
  out.trailing_slash = false;
  if (!split_target(target, out)) return TargetStatus::bad_request;

  std::string_view rest = out.raw_path;
  TargetStatus status = TargetStatus::ok;
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty()) continue;

    std::size_t mark = out.relative.size();
    if (mark > 0) out.relative += '/';
    TargetStatus s = decode_segment(segment, out.relative);
    if (s == TargetStatus::bad_request) return s;  // a malformed escape outranks the rest
    if (s == TargetStatus::not_found) status = s;  // keep going: a later bad escape is 400
    std::string_view decoded = std::string_view(out.relative).substr(mark + (mark > 0));
    if (decoded == ".") {
      out.relative.resize(mark);
    } else if (decoded == "..") {
      out.relative.resize(mark);
      if (out.relative.empty()) {
        status = TargetStatus::not_found;  // above the root
      } else {
        std::size_t parent = out.relative.rfind('/');
        out.relative.resize(parent == std::string::npos ? 0 : parent);
      }
    }
  }
  if (status != TargetStatus::ok) return status;
  if (!show_hidden) {
    std::string_view path = out.relative;
    for (std::size_t i = 0; i < path.size(); ++i)
      if (path[i] == '.' && (i == 0 || path[i - 1] == '/')) return TargetStatus::not_found;
  }
  if (out.relative.empty()) out.relative.push_back('.');  // not = ".": GCC 12 -Wrestrict false alarm
  return TargetStatus::ok;
}

}  // namespace httpd
