#include "transfer.hpp"

#include "listing.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

namespace file_plugin {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

void TransferState::reset() {
  std::lock_guard lock(mutex_);
  fd_ = -1;
  aborted_ = false;
}

void TransferState::attach(sockserv::Stream* data) {
  std::lock_guard lock(mutex_);
  fd_ = data->native_handle();
  if (aborted_) ::shutdown(fd_, SHUT_RDWR);
}

void TransferState::detach() {
  std::lock_guard lock(mutex_);
  fd_ = -1;
}

void TransferState::abort() {
  std::lock_guard lock(mutex_);
  aborted_ = true;
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);  // never blocks; wakes the transfer's wait
}

UploadFile::UploadFile(const fs::path& target, std::uint64_t keep) : target_(target) {
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".upload-XXXXXX")).string();
  fd_ = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd_ < 0) fail("create " + pattern);
  temp_ = pattern;
  // mkostemp makes 0600; uploads get the usual 0644 (umask(2) cannot be read without
  // changing it for every thread of the process).
  ::fchmod(fd_, 0644);
  if (keep == 0) return;
  Fd source{::open(target.c_str(), O_RDONLY | O_CLOEXEC)};
  if (source.fd < 0) fail("open " + target.string());
  while (size_ < keep) {
    ssize_t n = ::copy_file_range(source.fd, nullptr, fd_, nullptr, keep - size_, 0);
    if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EINVAL))
      n = ::sendfile(fd_, source.fd, nullptr, keep - size_);
    if (n < 0) fail("copy " + target.string());
    if (n == 0) break;
    size_ += std::uint64_t(n);
  }
}

UploadFile::~UploadFile() { discard(); }

void UploadFile::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
}

void UploadFile::write(const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write " + temp_.string());
    data += n;
    size -= std::size_t(n);
    size_ += std::uint64_t(n);
  }
}

void UploadFile::commit() {
  if (::fdatasync(fd_) != 0) fail("sync " + temp_.string());
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail("close " + temp_.string());
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("rename to " + target_.string());
  committed_ = true;
}

UploadEnd receive_upload(sockserv::Stream& data, UploadFile& file, std::uint64_t limit,
                         const TransferState& state) {
  std::vector<char> buffer(256 * 1024);
  while (std::size_t n = data.read_some(buffer.data(), buffer.size())) {
    if (state.aborted()) return UploadEnd::aborted;
    if (file.size() + n > limit) return UploadEnd::too_large;
    file.write(buffer.data(), n);
  }
  return state.aborted() ? UploadEnd::aborted : UploadEnd::complete;
}

bool peer_gone(int fd) {
  pollfd p{fd, POLLIN | POLLRDHUP, 0};
  if (::poll(&p, 1, 0) <= 0) return false;  // timeout 0: a check, never a wait
  return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

}  // namespace file_plugin
