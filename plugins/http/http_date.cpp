#include "http_date.hpp"

#include <array>
#include <cstring>
#include <ctime>

namespace httpd {
namespace {

constexpr std::array<const char*, 7> day_names = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 7> long_day_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Civil {
  std::int64_t year;
  int month;  // 1-12
  int day;    // 1-31
  int hour, minute, second;
  int weekday;  // 0 = Sunday
};

// Howard Hinnant's days_from_civil / civil_from_days: exact for any year, no time zone.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil to_civil(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) rest += 86400, --days;
  Civil c{};
  c.hour = int(rest / 3600);
  c.minute = int(rest / 60 % 60);
  c.second = int(rest % 60);
  c.weekday = int(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = int(doy - (153 * mp + 2) / 5 + 1);
  c.month = int(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  return c;
}

void put2(char* out, int v) {
  out[0] = char('0' + v / 10 % 10);
  out[1] = char('0' + v % 10);
}

void put4(char* out, std::int64_t v) {
  if (v < 0 || v > 9999) v = v < 0 ? 0 : 9999;  // outside what HTTP can say
  put2(out, int(v / 100));
  put2(out + 2, int(v % 100));
}

void put_time(char* out, const Civil& c) {
  put2(out, c.hour);
  out[2] = ':';
  put2(out + 3, c.minute);
  out[5] = ':';
  put2(out + 6, c.second);
}

// A small cursor over the text being parsed; every read checks bounds.
struct Scanner {
  std::string_view s;
  bool literal(std::string_view what) {
    if (s.substr(0, what.size()) != what) return false;
    s.remove_prefix(what.size());
    return true;
  }
  bool digits(int count, int& value) {
    if (s.size() < std::size_t(count)) return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
      char ch = s[std::size_t(i)];
      if (ch < '0' || ch > '9') return false;
      value = value * 10 + (ch - '0');
    }
    s.remove_prefix(std::size_t(count));
    return true;
  }
  /// Consumes the first of `names` the text starts with; false if none.
  template <std::size_t N>
  bool any_of(const std::array<const char*, N>& names) {
    for (const char* name : names)
      if (literal(name)) return true;
    return false;
  }
  bool month(int& m) {
    for (std::size_t i = 0; i < month_names.size(); ++i) {
      if (literal(month_names[i])) {
        m = int(i) + 1;
        return true;
      }
    }
    return false;
  }
  bool time(Civil& c) {
    return digits(2, c.hour) && literal(":") && digits(2, c.minute) && literal(":") &&
           digits(2, c.second);
  }
};

bool valid(const Civil& c) {
  static constexpr int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return c.month >= 1 && c.month <= 12 && c.day >= 1 && c.day <= month_days[c.month - 1] &&
         c.hour <= 23 && c.minute <= 59 && c.second <= 60;
}

std::optional<std::int64_t> to_seconds(const Civil& c) {
  if (!valid(c)) return std::nullopt;
  std::int64_t days = days_from_civil(c.year, c.month, c.day);
  return days * 86400 + c.hour * 3600 + c.minute * 60 + c.second;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<std::int64_t> parse_imf(Scanner in) {
  Civil c{};
  int year = 0;
  if (!in.any_of(day_names) || !in.literal(", ") || !in.digits(2, c.day) || !in.literal(" ") ||
      !in.month(c.month) || !in.literal(" ") || !in.digits(4, year) || !in.literal(" ") ||
      !in.time(c) || !in.literal(" GMT") || !in.s.empty())
    return std::nullopt;
  c.year = year;
  return to_seconds(c);
}

// "Sunday, 06-Nov-94 08:49:37 GMT"
std::optional<std::int64_t> parse_rfc850(Scanner in) {
  Civil c{};
  int year = 0;
  if (!in.any_of(long_day_names) || !in.literal(", ") || !in.digits(2, c.day) || !in.literal("-") ||
      !in.month(c.month) || !in.literal("-") || !in.digits(2, year) || !in.literal(" ") ||
      !in.time(c) || !in.literal(" GMT") || !in.s.empty())
    return std::nullopt;
  c.year = year < 70 ? 2000 + year : 1900 + year;  // RFC 9110: within 50 years of now
  return to_seconds(c);
}

// "Sun Nov  6 08:49:37 1994"
std::optional<std::int64_t> parse_asctime(Scanner in) {
  Civil c{};
  int year = 0;
  if (!in.any_of(day_names) || !in.literal(" ") || !in.month(c.month) || !in.literal(" "))
    return std::nullopt;
  if (in.literal(" ")) {
    if (!in.digits(1, c.day)) return std::nullopt;
  } else if (!in.digits(2, c.day)) {
    return std::nullopt;
  }
  if (!in.literal(" ") || !in.time(c) || !in.literal(" ") || !in.digits(4, year) || !in.s.empty())
    return std::nullopt;
  c.year = year;
  return to_seconds(c);
}

}  // namespace

void format_http_date(std::int64_t seconds, char* out) noexcept {
  Civil c = to_civil(seconds);
  std::memcpy(out, day_names[std::size_t(c.weekday)], 3);
  std::memcpy(out + 3, ", ", 2);
  put2(out + 5, c.day);
  out[7] = ' ';
  std::memcpy(out + 8, month_names[std::size_t(c.month - 1)], 3);
  out[11] = ' ';
  put4(out + 12, c.year);
  out[16] = ' ';
  put_time(out + 17, c);
  std::memcpy(out + 25, " GMT", 4);
}

void format_clf_date(std::int64_t seconds, char* out) noexcept {
  Civil c = to_civil(seconds);
  put2(out, c.day);
  out[2] = '/';
  std::memcpy(out + 3, month_names[std::size_t(c.month - 1)], 3);
  out[6] = '/';
  put4(out + 7, c.year);
  out[11] = ':';
  put_time(out + 12, c);
  std::memcpy(out + 20, " +0000", 6);
}

void format_listing_date(std::int64_t seconds, char* out) noexcept {
  Civil c = to_civil(seconds);
  put4(out, c.year);
  out[4] = '-';
  put2(out + 5, c.month);
  out[7] = '-';
  put2(out + 8, c.day);
  out[10] = ' ';
  put2(out + 11, c.hour);
  out[13] = ':';
  put2(out + 14, c.minute);
}

std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept {
  if (auto t = parse_imf({text})) return t;
  if (auto t = parse_rfc850({text})) return t;
  return parse_asctime({text});
}

std::string_view current_http_date() noexcept {
  thread_local std::int64_t cached_second = -1;
  thread_local char cached[http_date_size];
  std::int64_t now = std::int64_t(std::time(nullptr));
  if (now != cached_second) {
    format_http_date(now, cached);
    cached_second = now;
  }
  return {cached, http_date_size};
}

}  // namespace httpd
