#pragma once
// Moving file bytes over a data connection: downloads with the SDK's zero-copy send_file,
// uploads into a temporary file in the target folder that is renamed into place only once
// the whole upload has arrived.

#include <sockserv/stream.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <mutex>

namespace file_plugin {

/// The transfer a session runs in its own task, as ABOR reaches it from the control task.
class TransferState {
 public:
  /// Starts a new transfer: not aborted, no data connection.
  void reset();
  /// The transfer's data connection, shut down by abort().
  void attach(sockserv::Stream* data);
  /// Forgets the data connection (before it is closed).
  void detach();
  /// Marks the transfer aborted and shuts its data connection down, which wakes it.
  void abort();
  /// True once abort() was called.
  bool aborted() const noexcept { return aborted_.load(); }
  /// The flag itself, for waits that poll it.
  const std::atomic<bool>& flag() const noexcept { return aborted_; }

 private:
  std::mutex mutex_;
  int fd_ = -1;
  std::atomic<bool> aborted_{false};
};

/// An upload's temporary file ".NAME.upload-XXXXXX" beside its target. commit() renames it
/// over the target; otherwise the destructor removes it.
class UploadFile {
 public:
  /// Creates the temporary file; with `keep` > 0 it starts with the first `keep` bytes of the
  /// existing target (a resumed upload). Throws std::system_error.
  UploadFile(const std::filesystem::path& target, std::uint64_t keep);
  ~UploadFile();
  UploadFile(const UploadFile&) = delete;
  UploadFile& operator=(const UploadFile&) = delete;

  /// Appends `size` bytes; throws std::system_error (ENOSPC on a full disk).
  void write(const char* data, std::size_t size);
  /// Flushes to disk and renames over the target; throws std::system_error.
  void commit();
  /// Removes the temporary file now (also what the destructor does without commit()).
  void discard() noexcept;
  /// Bytes in the file so far.
  std::uint64_t size() const noexcept { return size_; }
  /// The temporary file's path.
  const std::filesystem::path& temp() const noexcept { return temp_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  bool committed_ = false;
};

/// How an upload's data ended.
enum class UploadEnd { complete, too_large, aborted };

/// Reads `data` to its end into `file`; stops early if the file would pass `limit` bytes or
/// the transfer is aborted.
UploadEnd receive_upload(sockserv::Stream& data, UploadFile& file, std::uint64_t limit,
                         const TransferState& state);

/// True if the peer of the socket `fd` has closed or reset it (never blocks).
bool peer_gone(int fd);

}  // namespace file_plugin
