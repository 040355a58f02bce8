#include "config/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <limits>
#include <numeric>
#include <utility>

namespace sockserv::config {
namespace {

/// A unit suffix and how many base units (bytes, nanoseconds) it is worth.
struct Unit {
  std::string_view suffix;
  std::uint64_t factor;
};

constexpr std::uint64_t KiB = 1024;
constexpr std::array<Unit, 10> size_units{{
    {"", 1},
    {"B", 1},
    {"KiB", KiB},
    {"MiB", KiB* KiB},
    {"GiB", KiB* KiB* KiB},
    {"TiB", KiB* KiB* KiB* KiB},
    {"KB", 1000},
    {"MB", 1000'000},
    {"GB", 1000'000'000},
    {"TB", 1000'000'000'000},
}};

constexpr std::uint64_t ns_per_s = 1000'000'000;
// "" (a bare number) means seconds, as in `shutdown_timeout: 10`.
constexpr std::array<Unit, 7> duration_units{{
    {"", ns_per_s},
    {"ns", 1},
    {"us", 1000},
    {"ms", 1000'000},
    {"s", ns_per_s},
    {"m", 60 * ns_per_s},
    {"h", 3600 * ns_per_s},
}};

/// "1.5" as a whole part and up to 9 fraction digits: 1 and 5/10.
struct Decimal {
  std::uint64_t whole = 0;
  std::uint64_t fraction = 0;
  std::uint64_t scale = 1;  ///< fraction / scale is the fractional part
};

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::optional<std::uint64_t> to_uint(std::string_view digits) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<Decimal> parse_decimal(std::string_view text) {
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == text.npos ? "" : text.substr(dot + 1);
  // "5." and ".5" are typos more often than intent; a sign is never valid here.
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction)) return std::nullopt;
  if (dot != text.npos && fraction.empty()) return std::nullopt;
  Decimal d;
  auto w = to_uint(whole);
  if (!w) return std::nullopt;
  d.whole = *w;
  // Nine digits reach a nanosecond of a second; finer digits are below every unit's grain.
  fraction = fraction.substr(0, 9);
  for (char c : fraction) {
    d.fraction = d.fraction * 10 + std::uint64_t(c - '0');
    d.scale *= 10;
  }
  return d;
}

/// whole * factor + fraction * factor / scale, truncated; nullopt on overflow.
std::optional<std::uint64_t> scale_by(const Decimal& d, std::uint64_t factor) {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  if (d.whole != 0 && factor > max / d.whole) return std::nullopt;
  std::uint64_t whole = d.whole * factor;
  // Reducing by the gcd first keeps fraction * factor within 64 bits for every unit.
  std::uint64_t g = std::gcd(factor, d.scale);
  std::uint64_t part = d.fraction * (factor / g) / (d.scale / g);
  if (part > max - whole) return std::nullopt;
  return whole + part;
}

/// Splits "64KiB" (or "64 KiB") into the number and the suffix.
std::pair<std::string_view, std::string_view> split_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string_view number = text.substr(0, i);
  std::string_view suffix = text.substr(i);
  while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
  return {number, suffix};
}

template <std::size_t N>
std::optional<std::uint64_t> parse_with_units(std::string_view text,
                                              const std::array<Unit, N>& units) {
  auto [number, suffix] = split_unit(text);
  auto decimal = parse_decimal(number);
  if (!decimal) return std::nullopt;
  for (const Unit& unit : units)
    if (unit.suffix == suffix) return scale_by(*decimal, unit.factor);
  return std::nullopt;
}

/// The largest unit (from `units`, largest first) dividing `value` exactly, as "4MiB".
template <std::size_t N>
std::string format_with_units(std::uint64_t value, const std::array<Unit, N>& units) {
  for (const Unit& unit : units)
    if (value % unit.factor == 0)
      return std::to_string(value / unit.factor) + std::string(unit.suffix);
  return std::to_string(value);
}

}  // namespace

std::optional<std::uint64_t> parse_size(std::string_view text) {
  return parse_with_units(text, size_units);
}

std::optional<Duration> parse_duration(std::string_view text) {
  auto ns = parse_with_units(text, duration_units);
  if (!ns || *ns > std::uint64_t(std::numeric_limits<Duration::rep>::max())) return std::nullopt;
  return std::chrono::duration_cast<Duration>(std::chrono::nanoseconds(*ns));
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  // from_chars takes '-' but not '+'; after a '+' only digits may follow ("+-5" fails).
  if (text.starts_with('+')) {
    text.remove_prefix(1);
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front())))
      return std::nullopt;
  }
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<bool> parse_bool(std::string_view text) {
  std::string lower;
  for (char c : text) lower += char(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "no" || lower == "off") return false;
  return std::nullopt;
}

std::string format_size(std::uint64_t bytes) {
  if (bytes == 0) return "0";
  // Binary units first: buffer sizes are mostly powers of two.
  static constexpr std::array<Unit, 8> largest_first{{
      {"TiB", KiB * KiB * KiB * KiB},
      {"GiB", KiB * KiB * KiB},
      {"MiB", KiB * KiB},
      {"KiB", KiB},
      {"TB", 1000'000'000'000},
      {"GB", 1000'000'000},
      {"MB", 1000'000},
      {"KB", 1000},
  }};
  return format_with_units(bytes, largest_first);
}

std::string format_duration(Duration d) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  if (ns == 0) return "0s";
  static constexpr std::array<Unit, 6> largest_first{{
      {"h", 3600 * ns_per_s},
      {"m", 60 * ns_per_s},
      {"s", ns_per_s},
      {"ms", 1000'000},
      {"us", 1000},
      {"ns", 1},
  }};
  // Negative durations cannot be written in a config, but a log line may still show one.
  if (ns < 0) return "-" + format_with_units(0 - std::uint64_t(ns), largest_first);
  return format_with_units(std::uint64_t(ns), largest_first);
}

}  // namespace sockserv::config
