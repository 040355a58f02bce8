#pragma once
// From a request target to a path below the document root: pure, so it is unit-tested and
// fuzzed. Nothing here touches the file system.

#include <string>
#include <string_view>

namespace httpd {

/// How a target resolved.
enum class TargetStatus {
  ok,           ///< `relative` names a path below the root
  bad_request,  ///< not an origin- or absolute-form target, or a malformed %-escape: 400
  not_found,    ///< would leave the root, or names something never served: 404
};

/// A target split and resolved. Views point into the target given to resolve_target.
struct ResolvedTarget {
  /// The decoded, normalised path below the root: "." for the root itself, else segments
  /// joined by "/" ("docs/a b.txt"), never empty, never absolute, never with "." or "..".
  std::string relative;
  /// The path as sent (still %-encoded), from its first "/"; "/" for "http://host".
  std::string_view raw_path;
  /// What followed "?", without it; empty when there was no query.
  std::string_view query;
  /// True if the target had a "?" (possibly with an empty query).
  bool has_query = false;
  /// True if the raw path ends with "/".
  bool trailing_slash = false;
};

/// Resolves `target` (origin form "/a/b?q", or absolute form "http://host/a/b?q"). The path
/// is split at "/", each segment %-decoded, then "." and empty segments dropped and ".."
/// applied. It is not_found when a ".." would climb above the root, when a decoded segment
/// holds "/" (from %2F), "\" or NUL, or, unless `show_hidden`, when a segment of the
/// result starts with ".". `out` is overwritten; its string's capacity is reused.
TargetStatus resolve_target(std::string_view target, bool show_hidden, ResolvedTarget& out);

}  // namespace httpd
