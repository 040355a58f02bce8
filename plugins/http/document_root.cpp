#include "document_root.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <system_error>

namespace httpd {
namespace {

// openat2(2) has no glibc wrapper before 2.39.
int call_openat2(int dir_fd, const char* path, std::uint64_t flags, std::uint64_t resolve) {
  open_how how{};
  how.flags = flags;
  how.resolve = resolve;
  return int(::syscall(SYS_openat2, dir_fd, path, &how, sizeof how));
}

std::string real_path_of_fd(int fd) {
  std::string link = "/proc/self/fd/" + std::to_string(fd);
  char buf[PATH_MAX];
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf);
  return n > 0 ? std::string(buf, std::size_t(n)) : std::string();
}

}  // namespace

DocumentRoot::DocumentRoot(const std::filesystem::path& root, bool follow_symlinks)
    : root_fd_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)),
      follow_symlinks_(follow_symlinks) {
  if (root_fd_ < 0)
    throw std::system_error(errno, std::generic_category(), "cannot open root " + root.string());
  int probe = call_openat2(root_fd_, ".", O_PATH | O_CLOEXEC, RESOLVE_BENEATH);
  if (probe >= 0) {
    ::close(probe);
  } else if (errno == ENOSYS) {  // before Linux 5.6
    have_openat2_ = false;
    root_real_ = real_path_of_fd(root_fd_);
  }
}

DocumentRoot::~DocumentRoot() { ::close(root_fd_); }

int DocumentRoot::open_flags(const std::string& relative, int flags) const {
  if (have_openat2_) {
    std::uint64_t resolve = RESOLVE_NO_MAGICLINKS;
    if (!follow_symlinks_) resolve |= RESOLVE_BENEATH;
    int fd = call_openat2(root_fd_, relative.c_str(), std::uint64_t(flags), resolve);
    return fd >= 0 ? fd : -errno;
  }
  int fd = ::openat(root_fd_, relative.c_str(), flags);
  if (fd < 0) return -errno;
  if (!follow_symlinks_) {
    std::string real = real_path_of_fd(fd);
    bool inside = real == root_real_ ||
                  (real.size() > root_real_.size() && real.compare(0, root_real_.size(), root_real_) == 0 &&
                   (root_real_ == "/" || real[root_real_.size()] == '/'));
    if (!inside) {
      ::close(fd);
      return -EXDEV;
    }
  }
  return fd;
}

int DocumentRoot::open(const std::string& relative) const {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  return open_flags(relative, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
}

bool DocumentRoot::stat(const std::string& relative, struct stat& st) const {
  return ::fstatat(root_fd_, relative.c_str(), &st, 0) == 0;
}

std::vector<ListingEntry> DocumentRoot::list(int dir_fd, const std::string& relative,
                                             bool show_hidden) const {
  std::vector<ListingEntry> entries;
  int own = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (own < 0) throw std::system_error(errno, std::generic_category(), "cannot read directory");
  std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(own), ::closedir);
  if (dir == nullptr) {
    int e = errno;
    ::close(own);
    throw std::system_error(e, std::generic_category(), "cannot read directory");
  }
  std::string path;
  while (dirent* d = ::readdir(dir.get())) {
    std::string_view name = d->d_name;
    if (name == "." || name == "..") continue;
    if (!show_hidden && name.front() == '.') continue;
    struct stat st {};
    if (d->d_type == DT_LNK || d->d_type == DT_UNKNOWN) {
      path = relative == "." ? std::string(name) : relative + "/" + std::string(name);
      int fd = open_flags(path, O_PATH | O_CLOEXEC);  // leaves out links we would refuse
      if (fd < 0) continue;
      int rc = ::fstat(fd, &st);
      ::close(fd);
      if (rc < 0) continue;
    } else if (::fstatat(::dirfd(dir.get()), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
      continue;
    }
    entries.push_back({std::string(name), S_ISDIR(st.st_mode), std::uint64_t(st.st_size),
                       std::int64_t(st.st_mtim.tv_sec)});
  }
  return entries;
}

}  // namespace httpd
