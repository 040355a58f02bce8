#include "core/server_counters.hpp"
#include "sdk/read_hints.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sockserv {
namespace {

constexpr std::size_t read_chunk = 16 * 1024;

bool is_connection_error(int e) { return e == ECONNRESET || e == EPIPE || e == ENOTCONN; }

/// "30s", "250ms", "500us": a timeout as an operator would write it.
std::string describe(Duration d) {
  using namespace std::chrono;
  auto us = duration_cast<microseconds>(d).count();
  if (us % 1000000 == 0) return std::to_string(us / 1000000) + "s";
  if (us % 1000 == 0) return std::to_string(us / 1000) + "ms";
  return std::to_string(us) + "us";
}

[[noreturn]] void throw_io(const char* op, int e) {
  if (is_connection_error(e)) throw ConnectionError(std::string(op) + ": " + std::strerror(e), e);
  throw SystemError(op, e);
}

bool sigpipe_pending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGPIPE) == 1;
}

// sendfile(2) has no MSG_NOSIGNAL: to a peer that has gone it raises SIGPIPE, which would
// kill the whole server process. Block it on this thread for the call and take back the
// signal the call raised (libcurl's and OpenSSL's way), so EPIPE is all that is left.
// Whether the call raised it is asked of the pending set, not of the result: a call that
// moved some bytes before the socket was shut down (an FTP ABOR from another thread)
// returns that count, yet its last internal send failed with EPIPE and raised SIGPIPE.
ssize_t sendfile_without_sigpipe(int out_fd, int in_fd, off_t* offset, std::size_t count) {
  sigset_t pipe_set, old_set;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old_set);
  bool was_pending = sigpipe_pending();
  ssize_t n = ::sendfile(out_fd, in_fd, offset, count);
  int error = errno;
  if (!was_pending && sigpipe_pending()) {
    timespec zero{};
    while (sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  errno = error;
  return n;
}

}  // namespace

Stream::Stream(int fd, Address peer, Address local)
    : fd_(fd), peer_(std::move(peer)), local_(std::move(local)) {}

Stream::~Stream() {
  if (fd_ < 0) return;
  Task::current().release(fd_);  // before close: the number may be reused at once
  ::close(fd_);
}

void Stream::await(int what, Deadline deadline) {
  auto readiness = what == 0 ? Readiness::readable : Readiness::writable;
  if (Task::current().wait(fd_, readiness, deadline)) return;
  // The only deadlines here come from timeout_ (limits.idle_timeout unless the handler
  // set its own), so the message can say how long the peer stayed silent.
  if (what == 0)
    throw TimeoutError("read from " + peer_.to_string() + " timed out: idle for " +
                       describe(timeout_));
  throw TimeoutError("write to " + peer_.to_string() + " timed out: not read for " +
                     describe(timeout_));
}

std::size_t Stream::read_into(void* data, std::size_t size, Deadline deadline) {
  // On TCP a short read means the queue was empty (Unix sockets may stop at a message
  // carrying credentials or descriptors): an event loop then knows when data comes.
  detail::ReadHints* hints = nullptr;
  if (local_.family() == AF_INET || local_.family() == AF_INET6) hints = detail::ReadHints::current();
  if (hints && !hints->may_have_data(fd_)) await(0, deadline);
  for (;;) {
    ssize_t n = ::recv(fd_, data, size, 0);
    if (n >= 0) {
      if (counters_) detail::count(counters_->bytes_in, std::uint64_t(n));
      if (hints && n > 0 && std::size_t(n) < size) hints->drained(fd_);
      return std::size_t(n);
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      await(0, deadline);
    } else if (errno != EINTR) {
      throw_io("recv", errno);
    }
  }
}

std::size_t Stream::read_some(void* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t buffered = buffer_.size() - buffer_begin_;
  if (buffered > 0) {
    std::size_t n = std::min(size, buffered);
    std::memcpy(data, buffer_.data() + buffer_begin_, n);
    buffer_begin_ += n;
    if (buffer_begin_ == buffer_.size()) buffer_.clear(), buffer_begin_ = 0;
    return n;
  }
  return read_into(data, size, deadline_after(timeout_));
}

std::size_t Stream::read_exact(void* data, std::size_t size) {
  auto* out = static_cast<char*>(data);
  std::size_t done = 0;
  while (done < size) {
    std::size_t n = read_some(out + done, size - done);
    if (n == 0) break;
    done += n;
  }
  return done;
}

std::optional<std::string> Stream::read_line(std::size_t limit) {
  Deadline deadline = deadline_after(timeout_);
  for (;;) {
    const char* begin = buffer_.data() + buffer_begin_;
    std::size_t buffered = buffer_.size() - buffer_begin_;
    // A newline may stand at most at position `limit`: the line itself is <= limit bytes.
    std::size_t scan = std::min(buffered, limit + 1);
    // memchr on an empty vector's null data() is undefined even with a zero length.
    if (const void* nl = scan > 0 ? std::memchr(begin, '\n', scan) : nullptr) {
      std::size_t length = std::size_t(static_cast<const char*>(nl) - begin);
      std::string line(begin, length - (length > 0 && begin[length - 1] == '\r'));
      buffer_begin_ += length + 1;
      if (buffer_begin_ == buffer_.size()) buffer_.clear(), buffer_begin_ = 0;
      return line;
    }
    if (buffered > limit)
      throw LineTooLongError("line from " + peer_.to_string() + " longer than " +
                             std::to_string(limit) + " bytes");
    if (buffer_begin_ > 0) {  // compact before growing
      buffer_.erase(buffer_.begin(), buffer_.begin() + std::ptrdiff_t(buffer_begin_));
      buffer_begin_ = 0;
    }
    std::size_t old_size = buffer_.size();
    buffer_.resize(old_size + read_chunk);
    std::size_t n = 0;
    try {
      n = read_into(buffer_.data() + old_size, read_chunk, deadline);
    } catch (...) {
      // A timeout may be caught and the read retried: the unfilled space must not stay
      // behind as data.
      buffer_.resize(old_size);
      throw;
    }
    buffer_.resize(old_size + n);
    if (n == 0) {
      if (buffer_.empty()) return std::nullopt;
      std::string rest(buffer_.begin(), buffer_.end());
      buffer_.clear();
      return rest;
    }
  }
}

void Stream::write_all(const void* data, std::size_t size) { send_all(data, size, 0); }

void Stream::write_last(const void* data, std::size_t size) {
  // MSG_MORE holds back a last partial segment (as TCP_CORK would, without two setsockopt
  // calls); the shutdown then sends it with the FIN. One segment less to send, and one
  // wake-up less for the peer, on every connection that ends with a short reply.
  send_all(data, size, MSG_MORE);
  shutdown_write();
}

void Stream::send_all(const void* data, std::size_t size, int flags) {
  Deadline deadline = deadline_after(timeout_);
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::send(fd_, p, size, MSG_NOSIGNAL | flags);
    if (n >= 0) {
      if (counters_) detail::count(counters_->bytes_out, std::uint64_t(n));
      p += n;
      size -= std::size_t(n);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      await(1, deadline);
    } else if (errno != EINTR) {
      throw_io("send", errno);
    }
  }
}

std::uint64_t Stream::send_file(int file_fd, std::uint64_t offset, std::uint64_t count) {
  Deadline deadline = deadline_after(timeout_);
  std::uint64_t sent = 0;
  while (sent < count) {
    off_t off = off_t(offset + sent);
    std::size_t want = std::size_t(std::min<std::uint64_t>(count - sent, 1u << 30));
    ssize_t n = sendfile_without_sigpipe(fd_, file_fd, &off, want);
    if (n > 0) {
      sent += std::uint64_t(n);
      if (counters_) detail::count(counters_->bytes_out, std::uint64_t(n));
    } else if (n == 0) {
      break;  // the file is shorter than asked
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      await(1, deadline);
    } else if (errno == EINVAL || errno == ENOSYS) {
      // A file sendfile(2) cannot read (a pipe, some file systems): copy through a buffer.
      char chunk[read_chunk];
      ssize_t r = ::pread(file_fd, chunk, std::min<std::uint64_t>(sizeof chunk, count - sent),
                          off_t(offset + sent));
      if (r < 0) throw SystemError("pread", errno);
      if (r == 0) break;
      write_all(chunk, std::size_t(r));
      sent += std::uint64_t(r);
    } else if (errno != EINTR) {
      throw_io("sendfile", errno);
    }
  }
  return sent;
}

std::uint64_t Stream::send_file(const std::filesystem::path& path) {
  int file = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (file < 0) throw SystemError("open " + path.string(), errno);
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{file};
  off_t size = ::lseek(file, 0, SEEK_END);
  if (size < 0) throw SystemError("lseek " + path.string(), errno);
  return send_file(file, 0, std::uint64_t(size));
}

void Stream::shutdown_write() {
  if (::shutdown(fd_, SHUT_WR) < 0 && errno != ENOTCONN) throw_io("shutdown", errno);
}

}  // namespace sockserv
