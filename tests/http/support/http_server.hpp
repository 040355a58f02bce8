#pragma once
// For the http plugin's integration tests: the served folder (made once per test process),
// `sockserv run` serving it on port 0 under a given policy, and the clients that talk to
// it: curl, python3 scripts in tests/http/clients/, and a raw socket for what they cannot
// send.

#include "support/process.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace httpd::test {

using namespace std::chrono_literals;

/// The test site, made on first use in a temporary folder and removed at exit:
///   www/hello.txt ("hello world\n"), index.html, style.css, app.js, data.json, logo.svg,
///   image.png, photo.JPG, notes.md, blob (no extension), range.bin (1000 bytes, byte i
///   is i % 251), mid.bin (1 MiB), n0.txt .. n9.txt ("number N"),
///   docs/ (no index: "a file.txt", "b.md", "<odd>&name.txt", "Zeta/", sub dir "c dir/"),
///   site/index.html, .secret, .git/config, link_in -> hello.txt, link_out -> ../outside/
///   secret.txt, sock (a Unix socket file: opening it fails with ENXIO, a server fault);
///   outside/secret.txt beside www/.
class Site {
 public:
  /// The folder holding www/ and outside/.
  static const std::filesystem::path& base();
  /// base()/www.
  static std::filesystem::path www() { return base() / "www"; }
  /// www/big.bin, 64 MiB, made on first call.
  static const std::filesystem::path& big_file();
  /// The SHA-256 of a file, in hex, computed by sha256sum.
  static std::string sha256(const std::filesystem::path& file);
};

/// `sockserv run` on a config of one server "web" on tcp://127.0.0.1:0 serving Site::www()
/// (unless `options` give another root) with `listing: true` and `options` (YAML lines
/// like "show_hidden: true", which may repeat `listing`) under `policy`.
/// The destructor stops it with SIGTERM and checks it exits 0.
class HttpServer {
 public:
  explicit HttpServer(const std::string& policy, const std::vector<std::string>& options = {},
                      const std::string& listen = "tcp://127.0.0.1:0");
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// "http://127.0.0.1:PORT" + path.
  std::string url(const std::string& path) const;
  std::uint16_t port() const { return port_; }
  /// Waits until the log holds `text`.
  bool wait_log(const std::string& text, std::chrono::milliseconds timeout = 10s);
  sockserv::test::Process& process() { return *process_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<sockserv::test::Process> process_;
  std::uint16_t port_ = 0;
};

/// A response as curl reports it with `-sS -D -`: the last head's status and fields (a 100
/// Continue before it is skipped), and the body.
struct CurlResult {
  int exit_code = -1;
  int status = 0;
  std::string head;  ///< the whole head of the final response
  std::string body;
  std::string err;
  /// The value of field `name` (case-insensitive) in the final head; "" if absent.
  std::string field(const std::string& name) const;
};

/// Runs curl -sS -D - with `args` (a URL among them) and splits what it printed.
CurlResult curl(const std::vector<std::string>& args);

/// Runs tests/http/clients/SCRIPT with python3 and `args`; returns its stdout (and the
/// exit code through `exit_code` if given).
std::string python(const std::string& script, const std::vector<std::string>& args,
                   int* exit_code = nullptr);

/// A plain TCP connection, for requests no stock client sends (malformed, trickled,
/// HTTP/1.0 by hand). Every wait is bounded.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Sends all of `data`.
  void send(const std::string& data);
  /// Reads until the buffered input holds `text` (true) or `timeout` or end of stream.
  bool read_until(const std::string& text, std::chrono::milliseconds timeout = 10s);
  /// Reads one response (head, then Content-Length bytes of body unless `head_only`).
  /// Returns it whole and removes it from the buffered input; "" on failure.
  std::string read_response(bool head_only = false);
  /// True if the server closes within `timeout`; what arrived meanwhile is buffered.
  bool wait_closed(std::chrono::milliseconds timeout = 10s);
  /// Waits at most `timeout` for input or the close; true if the server closed.
  bool closed_within(std::chrono::milliseconds timeout);
  /// Everything read and not yet taken by read_response.
  const std::string& buffered() const { return in_; }

 private:
  bool read_some(std::chrono::milliseconds timeout);  // false on timeout or end of stream

  int fd_ = -1;
  bool eof_ = false;
  std::string in_;
};

}  // namespace httpd::test
