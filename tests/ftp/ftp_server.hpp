#pragma once
// A real `sockserv run` serving the file plugin for the FTP tests: a temporary root with a
// 16 MiB file and a few small ones, users alice (read-write) and bob (read), anonymous
// read-only, and a second server "tight" with small limits, under forking so that its
// per-user limit is shown to hold across child processes. Clients are stock programs:
// python3 ftplib (clients/ftp_client.py) and curl.

#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sockserv::test {

/// The sockserv binary, the client script, and a password hash made once by
/// `sockserv hash-password`.
struct FtpTools {
  static std::string sockserv();
  static std::string client();
  /// "pbkdf2-sha256$..." for `password`, printed by `sockserv hash-password`.
  static std::string hash(const std::string& password);
  /// sha256 of a file, hex.
  static std::string sha256(const std::filesystem::path& file);
};

/// One `sockserv run` with the file plugin under `policy`.
class FtpServer {
 public:
  /// `big`: also make root/big.bin (16 MiB); otherwise add_big() makes it when needed.
  explicit FtpServer(const std::string& policy, bool big = true);
  ~FtpServer();

  /// The served folder.
  std::filesystem::path root() const { return dir_.path() / "root"; }
  /// A scratch folder outside the root, for the clients' files.
  std::filesystem::path local() const { return dir_.path() / "local"; }
  /// The main server's port; port("tight") the one with small limits, port("idle") one
  /// with an idle_timeout of 1s.
  std::uint16_t port(const std::string& server = "ftp") const;
  /// What the server has logged so far (stderr of `sockserv run`), for failure messages.
  std::string log() const { return process_->err(); }
  /// Runs ftp_client.py against `server` to its end.
  Finished client(const std::vector<std::string>& args, const std::string& server = "ftp") const;
  /// Starts ftp_client.py without waiting.
  std::unique_ptr<Process> start_client(const std::vector<std::string>& args,
                                        const std::string& server = "ftp") const;
  /// Makes root/big.bin, 16 MiB of a fixed pattern.
  void add_big();
  /// The sha256 of the 16 MiB file root/big.bin.
  const std::string& big_sha() const { return big_sha_; }
  /// The server process (its log).
  Process& process() { return *process_; }

 private:
  TempDir dir_;
  std::string big_sha_;
  std::unique_ptr<Process> process_;
  std::uint16_t port_ = 0;
  std::uint16_t tight_port_ = 0;
  std::uint16_t idle_port_ = 0;
};

/// Writes `size` bytes of a fixed pseudo-random pattern to `path`.
void write_pattern(const std::filesystem::path& path, std::uint64_t size, std::uint32_t seed = 1);

/// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace sockserv::test
