#pragma once
/// @file stream.hpp
/// A connected byte stream (TCP or Unix-domain), as a handler reads and writes it.

#include <sockserv/address.hpp>
#include <sockserv/api.hpp>
#include <sockserv/time.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv {

namespace detail {
struct ServerCounters;
struct CounterAccess;
}  // namespace detail

/// One connection. Made by the framework for each accepted connection and handed to the
/// handler; not copyable; closed by the framework when the request ends.
///
/// Every call blocks only the current task (see task.hpp): the thread under serial,
/// threading and forking, the fiber under coroutine. Each call gives up after timeout()
/// with TimeoutError. The peer closing is a normal end of stream: reads return 0 or
/// nullopt. A reset connection or a write to a closed peer throws ConnectionError.
class SOCKSERV_API Stream {
 public:
  /// Takes ownership of the connected, non-blocking socket `fd`.
  Stream(int fd, Address peer, Address local);
  /// Closes the socket.
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  /// Reads what is available, at least one byte; 0 means the peer closed its side.
  std::size_t read_some(void* data, std::size_t size);
  /// Reads exactly `size` bytes unless the peer closes first; returns how many were read.
  std::size_t read_exact(void* data, std::size_t size);
  /// Reads up to and including "\n" (the "\n", and a "\r" before it, are removed).
  /// Returns what was left without a newline at end of stream, nullopt if nothing was.
  /// Throws LineTooLongError, leaving the stream unread past the limit, if `limit` bytes
  /// come without a newline.
  std::optional<std::string> read_line(std::size_t limit = 64 * 1024);

  /// Writes all of `data`.
  void write_all(const void* data, std::size_t size);
  /// Writes all of `text`.
  void write_all(std::string_view text) { write_all(text.data(), text.size()); }
  /// Writes all of `data` as the last bytes this side sends, then shuts down the write
  /// side (as shutdown_write). The end of stream leaves with the data: a short last reply
  /// and its FIN share one TCP segment, where write_all and a close send two.
  void write_last(const void* data, std::size_t size);
  /// Writes all of `text` as the last bytes this side sends (see above).
  void write_last(std::string_view text) { write_last(text.data(), text.size()); }
  /// Sends `count` bytes of the open file `file_fd` from `offset`, with sendfile(2) where
  /// the OS allows (no copy through user space). Returns bytes sent; fewer only if the
  /// file is shorter.
  std::uint64_t send_file(int file_fd, std::uint64_t offset, std::uint64_t count);
  /// Opens `path` and sends all of it; returns bytes sent. Throws SystemError if unreadable.
  std::uint64_t send_file(const std::filesystem::path& path);

  /// Shuts down the write side: the peer reads end of stream; reading goes on.
  void shutdown_write();

  /// The other side of the connection.
  const Address& peer() const noexcept { return peer_; }
  /// This side of the connection.
  const Address& local() const noexcept { return local_; }

  /// Timeout of each later read, write or send_file call; zero means none. A connection
  /// starts with its server's limits.idle_timeout (zero unless configured); setting a
  /// timeout here replaces it for the rest of the connection.
  void set_timeout(Duration timeout) noexcept { timeout_ = timeout; }
  /// The per-operation timeout; zero means none.
  Duration timeout() const noexcept { return timeout_; }

  /// The socket, for options a handler needs (setsockopt). Reading or writing it directly
  /// bypasses the buffer and, under the coroutine policy, must never block.
  int native_handle() const noexcept { return fd_; }

 private:
  std::size_t read_into(void* data, std::size_t size, Deadline deadline);
  void await(int what, Deadline deadline);
  void send_all(const void* data, std::size_t size, int flags);

  int fd_;
  Address peer_;
  Address local_;
  Duration timeout_{};
  std::vector<char> buffer_;  // read ahead by read_line, served first by every read
  std::size_t buffer_begin_ = 0;
  friend struct detail::CounterAccess;
  detail::ServerCounters* counters_ = nullptr;  // its server's, for a request's stream
};

}  // namespace sockserv
