#pragma once
// The served folder: opens paths below it without ever leaving it, and reads directories.

#include "directory_listing.hpp"

#include <filesystem>
#include <string>
#include <vector>

struct stat;

namespace httpd {

/// The root folder, held open. Thread-safe: every call works on descriptors of its own.
class DocumentRoot {
 public:
  /// Opens `root`; throws std::system_error if it is not a readable folder.
  /// `follow_symlinks`: whether symlinks may lead outside the root.
  DocumentRoot(const std::filesystem::path& root, bool follow_symlinks);
  ~DocumentRoot();
  DocumentRoot(const DocumentRoot&) = delete;
  DocumentRoot& operator=(const DocumentRoot&) = delete;

  /// Opens `relative` (as resolve_target makes it: "." or "a/b", no "..") read-only and
  /// non-blocking. Returns the descriptor, or -errno. A symlink leading out of the root
  /// fails with -EXDEV unless symlinks are followed; "/proc" magic links always fail.
  int open(const std::string& relative) const;
  /// The status of `relative` now, symlinks followed (fstatat); false if it has none.
  /// For checking a file opened earlier: it does not apply the rules open() applies.
  bool stat(const std::string& relative, struct stat& st) const;

  /// The entries of the directory open as `dir_fd`, whose path is `relative`: "." and
  /// ".." left out, dotfiles too unless `show_hidden`, and entries that could not be
  /// opened (dangling, or symlinks leading out of the root) left out as well.
  std::vector<ListingEntry> list(int dir_fd, const std::string& relative, bool show_hidden) const;

 private:
  int open_flags(const std::string& relative, int flags) const;

  int root_fd_;
  bool follow_symlinks_;
  bool have_openat2_ = true;
  std::string root_real_;  // the root's real path, for the check without openat2
};

}  // namespace httpd
