#pragma once
// What to answer for a regular file: validators (ETag, Last-Modified), conditional
// requests (RFC 9110 §13) and byte ranges. Pure; the responder writes what this decides.

#include "byte_range.hpp"
#include "request_head.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace httpd {

/// What the validators are made of.
struct FileMeta {
  std::uint64_t size = 0;
  std::int64_t mtime = 0;       ///< seconds since the epoch
  std::int64_t mtime_nsec = 0;  ///< the rest, in nanoseconds
};

/// Room for the longest ETag format_etag writes.
inline constexpr std::size_t etag_capacity = 48;

/// Writes the strong ETag of `meta` into `out` ("\"<mtime>.<nsec>-<size>\"", hex) and
/// returns it as a view of `out`.
std::string_view format_etag(const FileMeta& meta, char (&out)[etag_capacity]) noexcept;

/// True if an If-None-Match value (a list of entity tags, or "*") matches `etag`, by weak
/// comparison.
bool none_match_hits(std::string_view if_none_match, std::string_view etag) noexcept;

/// The answer for one file.
struct FilePlan {
  int status = 200;         ///< 200, 206, 304 or 416
  std::uint64_t first = 0;  ///< the first byte of the body
  std::uint64_t length = 0; ///< body bytes (206: the range; 200: the size; else 0)
};

/// Decides status and body for a GET (`is_get`) or HEAD of a file: If-None-Match, else
/// If-Modified-Since, may give 304; then, for GET only, a single Range gives 206 (or 416),
/// unless an If-Range does not match.
FilePlan plan_file_response(const FileMeta& meta, std::string_view etag, const RequestHead& head,
                            bool is_get) noexcept;

}  // namespace httpd
