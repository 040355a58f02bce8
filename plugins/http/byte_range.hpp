#pragma once
// The Range header (RFC 9110 §14.2), for byte ranges of a file of known size.

#include <cstdint>
#include <string_view>

namespace httpd {

/// How a Range header applies to a file.
enum class RangeKind {
  whole,          ///< absent, malformed, not bytes, or several ranges: send the whole file
  single,         ///< one satisfiable range: 206
  unsatisfiable,  ///< one range wholly past the end: 416
};

/// A Range header read against a file's size.
struct RangeRequest {
  RangeKind kind = RangeKind::whole;
  std::uint64_t first = 0;   ///< single: the first byte
  std::uint64_t length = 0;  ///< single: how many bytes, at least 1, never past the end
};

/// Reads `header` ("bytes=0-499", "bytes=500-", "bytes=-500") against a file of `size`
/// bytes. A last byte past the end is clamped; a suffix longer than the file is the whole
/// file. Several ranges are answered with the whole file, which RFC 9110 allows.
RangeRequest parse_range(std::string_view header, std::uint64_t size) noexcept;

}  // namespace httpd
