#pragma once
// Small files kept in memory, so a request for one costs a single fstatat(2) instead of
// open, fstat, sendfile, two TCP_CORK toggles and close, and leaves in one send with its head.

#include "document_root.hpp"

#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace httpd {

/// A file's contents and the status they were read under.
struct CachedFile {
  struct stat st;
  std::string body;
  /// When the file was last found in this state (steady clock, ns): with a validity
  /// window, hits within it are not checked again.
  mutable std::atomic<std::int64_t> checked{0};
};

/// Whether `a` and `b` describe the same file in the same state: device, inode, size,
/// modification and change times. Any write, truncation, rename over or chmod changes one.
bool same_file_state(const struct stat& a, const struct stat& b) noexcept;

/// A bounded map from a path relative to the root to its contents. Thread-safe.
/// Every hit is checked against the file as it is now, so a changed, replaced or removed
/// file is never served from memory — unless a validity window is set: then a hit within
/// `valid` of its last check is served unchecked (nginx's open_file_cache_valid).
class FileCache {
 public:
  /// Keeps at most `max_entries` files of at most `max_file_bytes` each; 0 entries: off.
  /// A file changed less than `settle` ago is not kept (see file_cache.cpp). `valid`: how
  /// long a checked hit is trusted without a new check; zero: check every hit.
  FileCache(std::size_t max_entries, std::size_t max_file_bytes,
            std::chrono::seconds settle = std::chrono::seconds(2),
            std::chrono::nanoseconds valid = std::chrono::nanoseconds(0));

  /// The contents of `relative` if cached and the file at that path under `root` is still
  /// in the state they were read under (one fstatat, outside the lock; none within the
  /// validity window of the last check). A stale entry is dropped. A path not cached
  /// costs no system call.
  std::shared_ptr<const CachedFile> find(const std::string& relative, const DocumentRoot& root);

  /// Reads the regular file open as `fd` with status `st` and keeps it under `relative`,
  /// if it is small and has not changed lately (see file_cache.cpp); returns it, or null.
  std::shared_ptr<const CachedFile> add(const std::string& relative, int fd, const struct stat& st);

 private:
  const std::size_t max_entries_;
  const std::size_t max_file_bytes_;
  const std::chrono::seconds settle_;
  const std::int64_t valid_ns_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const CachedFile>> files_;
};

}  // namespace httpd
