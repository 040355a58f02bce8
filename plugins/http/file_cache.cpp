#include "file_cache.hpp"

#include <unistd.h>

#include <cerrno>
#include <ctime>

namespace httpd {
namespace {

// File times come from a coarse clock: a write in the same tick as our read may leave
// every field of stat unchanged. A file changed within `settle` is served but not cached
// (git's "racy" entries), so a stale copy can only come from a write whose time is wrong.
bool settled(const struct stat& st, std::chrono::seconds settle) {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  return now.tv_sec - st.st_ctim.tv_sec >= settle.count() &&
         now.tv_sec - st.st_mtim.tv_sec >= settle.count();
}

bool read_all(int fd, std::string& out, std::size_t size) {
  out.resize(size);
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::pread(fd, out.data() + done, size - done, off_t(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += std::size_t(n);
  }
  return true;
}

}  // namespace

bool same_file_state(const struct stat& a, const struct stat& b) noexcept {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_size == b.st_size &&
         a.st_mode == b.st_mode && a.st_mtim.tv_sec == b.st_mtim.tv_sec &&
         a.st_mtim.tv_nsec == b.st_mtim.tv_nsec && a.st_ctim.tv_sec == b.st_ctim.tv_sec &&
         a.st_ctim.tv_nsec == b.st_ctim.tv_nsec;
}

namespace {
std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

FileCache::FileCache(std::size_t max_entries, std::size_t max_file_bytes,
                     std::chrono::seconds settle, std::chrono::nanoseconds valid)
    : max_entries_(max_entries),
      max_file_bytes_(max_file_bytes),
      settle_(settle),
      valid_ns_(valid.count()) {}

std::shared_ptr<const CachedFile> FileCache::find(const std::string& relative,
                                                  const DocumentRoot& root) {
  std::shared_ptr<const CachedFile> file;
  {
    std::lock_guard lock(mutex_);
    auto it = files_.find(relative);
    if (it == files_.end()) return nullptr;
    file = it->second;
  }
  std::int64_t checked_at = valid_ns_ > 0 ? steady_ns() : 0;
  if (valid_ns_ > 0 && checked_at - file->checked.load(std::memory_order_relaxed) < valid_ns_)
    return file;
  struct stat now {};
  if (root.stat(relative, now) && same_file_state(file->st, now)) {
    file->checked.store(checked_at, std::memory_order_relaxed);
    return file;
  }
  std::lock_guard lock(mutex_);
  auto it = files_.find(relative);
  if (it != files_.end() && it->second == file) files_.erase(it);  // not a newer copy
  return nullptr;
}

std::shared_ptr<const CachedFile> FileCache::add(const std::string& relative, int fd,
                                                 const struct stat& st) {
  if (max_entries_ == 0 || !S_ISREG(st.st_mode) || std::size_t(st.st_size) > max_file_bytes_ ||
      !settled(st, settle_))
    return nullptr;
  auto file = std::make_shared<CachedFile>();
  file->st = st;
  if (!read_all(fd, file->body, std::size_t(st.st_size))) return nullptr;
  // Changed while being read: the bytes may be of neither state.
  struct stat after {};
  if (::fstat(fd, &after) < 0 || !same_file_state(st, after)) return nullptr;
  file->checked.store(steady_ns(), std::memory_order_relaxed);
  std::lock_guard lock(mutex_);
  if (files_.size() >= max_entries_ && !files_.count(relative))
    files_.erase(files_.begin());  // full: drop any one; hits are what the bound protects
  files_[relative] = file;
  return file;
}

}  // namespace httpd
