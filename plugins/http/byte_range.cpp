#include "byte_range.hpp"

#include <limits>

namespace httpd {
namespace {

constexpr std::uint64_t saturated = std::numeric_limits<std::uint64_t>::max();

bool is_ows(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
  return s;
}

// Digits only, at least one; values too large for 64 bits saturate (they are past any end).
bool parse_number(std::string_view s, std::uint64_t& value) {
  if (s.empty()) return false;
  value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    unsigned digit = unsigned(c - '0');
    value = value > (saturated - digit) / 10 ? saturated : value * 10 + digit;
  }
  return true;
}

bool unit_is_bytes(std::string_view unit) {
  if (unit.size() != 5) return false;
  for (std::size_t i = 0; i < 5; ++i)
    if ((unit[i] | 0x20) != "bytes"[i]) return false;
  return true;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::uint64_t size) noexcept {
  RangeRequest whole;
  std::size_t eq = header.find('=');
  if (eq == std::string_view::npos || !unit_is_bytes(trim(header.substr(0, eq)))) return whole;
  std::string_view spec = trim(header.substr(eq + 1));
  if (spec.find(',') != std::string_view::npos) return whole;  // several ranges
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return whole;
  std::string_view first_text = spec.substr(0, dash);
  std::string_view last_text = spec.substr(dash + 1);

  RangeRequest r;
  if (first_text.empty()) {  // suffix: the last N bytes
    std::uint64_t suffix = 0;
    if (!parse_number(last_text, suffix)) return whole;
    if (suffix == 0 || size == 0) return {RangeKind::unsatisfiable, 0, 0};
    r.length = suffix < size ? suffix : size;
    r.first = size - r.length;
    r.kind = RangeKind::single;
    return r;
  }
  std::uint64_t first = 0;
  if (!parse_number(first_text, first)) return whole;
  std::uint64_t last = saturated;
  if (!last_text.empty() && !parse_number(last_text, last)) return whole;
  if (last < first) return whole;  // invalid: the header is ignored
  if (first >= size) return {RangeKind::unsatisfiable, 0, 0};
  if (last >= size) last = size - 1;
  return {RangeKind::single, first, last - first + 1};
}

}  // namespace httpd
