#pragma once
// The HTML page listing a directory, like Python's http.server, with sizes and dates.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace httpd {

/// One entry of a directory.
struct ListingEntry {
  std::string name;         ///< the file name, raw bytes
  bool is_directory = false;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;   ///< seconds since the epoch
};

/// Writes into `out` (replacing it) the listing of the directory shown as `url_path`
/// (decoded, with a trailing "/"). Entries are sorted by name without regard to case,
/// then bytewise; names are HTML-escaped in text and %-encoded in links; directories end
/// in "/" and show no size. Below the root a "../" link comes first.
void render_listing(std::string& out, std::string_view url_path,
                    std::vector<ListingEntry>& entries);

}  // namespace httpd
