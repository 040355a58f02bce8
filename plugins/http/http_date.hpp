#pragma once
// Dates as HTTP writes them: IMF-fixdate headers, Common Log Format stamps, listing dates.
// Pure functions on seconds since the epoch (UTC); no locale, no time zone.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace httpd {

/// Length of an IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
inline constexpr std::size_t http_date_size = 29;
/// Length of a Common Log Format stamp: "06/Nov/1994:08:49:37 +0000".
inline constexpr std::size_t clf_date_size = 26;
/// Length of a listing date: "1994-11-06 08:49".
inline constexpr std::size_t listing_date_size = 16;

/// Writes `seconds` as an IMF-fixdate into `out` (exactly http_date_size chars, no NUL).
void format_http_date(std::int64_t seconds, char* out) noexcept;
/// Writes `seconds` as a Common Log Format stamp (clf_date_size chars, no NUL).
void format_clf_date(std::int64_t seconds, char* out) noexcept;
/// Writes `seconds` as "YYYY-MM-DD HH:MM" (listing_date_size chars, no NUL).
void format_listing_date(std::int64_t seconds, char* out) noexcept;

/// Reads an HTTP-date in any of the three forms RFC 9110 §5.6.7 accepts (IMF-fixdate,
/// RFC 850, asctime); nullopt if `text` is none of them.
std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept;

/// The current time's IMF-fixdate, formatted at most once a second per thread.
std::string_view current_http_date() noexcept;

}  // namespace httpd
