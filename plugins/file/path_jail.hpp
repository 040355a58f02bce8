#pragma once
// Path confinement: every name a client gives is resolved against its working folder into
// a virtual path ("/a/b"), then mapped under the served root. Nothing escapes the root:
// ".." stops at "/", absolute paths start at the root, and a symlink whose target lies
// outside the root is refused.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace file_plugin {

/// True if `text` is well-formed UTF-8 with no NUL byte.
bool valid_name_text(std::string_view text);

/// The virtual path `arg` names, seen from the virtual folder `cwd` (itself normalised,
/// starting with "/"). "." and empty parts are dropped, ".." goes up but never above "/".
/// nullopt if `arg` is not valid UTF-8 or holds a NUL.
std::optional<std::string> resolve_virtual(std::string_view cwd, std::string_view arg);

/// The last component of a virtual path ("" for "/").
std::string base_name(std::string_view virtual_path);

/// Maps virtual paths under one root folder (made canonical when constructed).
class PathJail {
 public:
  /// Throws std::filesystem::filesystem_error if `root` does not exist.
  explicit PathJail(const std::filesystem::path& root);

  /// The real path of `virtual_path`, or nullopt if it (after following symlinks, for the
  /// parts that exist) would lie outside the root.
  std::optional<std::filesystem::path> real(std::string_view virtual_path) const;

  /// The canonical root.
  const std::filesystem::path& root() const noexcept { return root_; }

 private:
  bool inside(const std::filesystem::path& canonical) const;
  std::filesystem::path root_;
};

}  // namespace file_plugin
