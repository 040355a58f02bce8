#include "support/http_server.hpp"

#include "support/run_helpers.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>

namespace httpd::test {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

void write_file(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

// A Unix socket file, left behind after its socket is closed: open(2) on it fails with
// ENXIO, which the server cannot turn into "not found".
void make_socket_file(const fs::path& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un sun{};
  sun.sun_family = AF_UNIX;
  std::strncpy(sun.sun_path, path.c_str(), sizeof sun.sun_path - 1);
  int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun);
  ::close(fd);
  if (rc != 0) throw std::runtime_error("cannot bind " + path.string());
}

void make_site(const fs::path& base) {
  fs::path www = base / "www";
  write_file(www / "hello.txt", "hello world\n");
  write_file(www / "index.html", "<h1>test site</h1>\n");
  write_file(www / "style.css", "body{}\n");
  write_file(www / "app.js", "let x;\n");
  write_file(www / "data.json", "{}\n");
  write_file(www / "logo.svg", "<svg/>\n");
  write_file(www / "image.png", std::string("\x89PNG\r\n\x1a\n", 8));
  write_file(www / "photo.JPG", "jpeg");
  write_file(www / "notes.md", "# notes\n");
  write_file(www / "blob", "blob");
  std::string range(1000, '\0');
  for (std::size_t i = 0; i < range.size(); ++i) range[i] = char(i % 251);
  write_file(www / "range.bin", range);
  std::string mid(1 << 20, '\0');
  std::mt19937 random(42);
  for (char& c : mid) c = char(random());
  write_file(www / "mid.bin", mid);
  for (int i = 0; i < 10; ++i)
    write_file(www / ("n" + std::to_string(i) + ".txt"), "number " + std::to_string(i));
  write_file(www / "docs/a file.txt", "a");
  write_file(www / "docs/b.md", "bb");
  write_file(www / "docs/<odd>&name.txt", "odd");
  write_file(www / "docs/.hidden-in-docs", "h");
  fs::create_directories(www / "docs/Zeta");
  fs::create_directories(www / "docs/c dir");
  write_file(www / "site/index.html", "<p>site index</p>\n");
  write_file(www / ".secret", "dotfile secret\n");
  write_file(www / ".git/config", "[core]\n");
  write_file(base / "outside/secret.txt", "OUTSIDE SECRET\n");
  fs::create_symlink("hello.txt", www / "link_in");
  fs::create_symlink("../outside/secret.txt", www / "link_out");
  fs::create_symlink(base / "outside", www / "dir_out");
  make_socket_file(www / "sock");
}

/// Removes the site when the test program ends.
class SiteCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    if (!Site::base().empty()) fs::remove_all(Site::base(), ignored);
  }
};
const auto* cleanup = ::testing::AddGlobalTestEnvironment(new SiteCleanup);

}  // namespace

const fs::path& Site::base() {
  static const fs::path base = [] {
    fs::path p = fs::temp_directory_path() /
                 ("sockserv_http_" + std::to_string(::getpid()) + "_" +
                  std::to_string(std::random_device{}()));
    make_site(p);
    return p;
  }();
  return base;
}

const fs::path& Site::big_file() {
  static const fs::path big = [] {
    fs::path p = www() / "big.bin";
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    std::string block(1 << 20, '\0');
    std::mt19937_64 random(64);
    for (int mib = 0; mib < 64; ++mib) {
      for (std::size_t i = 0; i < block.size(); i += 8) {
        std::uint64_t v = random();
        std::memcpy(&block[i], &v, 8);
      }
      out.write(block.data(), std::streamsize(block.size()));
    }
    return p;
  }();
  return big;
}

std::string Site::sha256(const fs::path& file) {
  auto r = sockserv::test::run_to_end({"/usr/bin/sha256sum", file.string()});
  return r.out.substr(0, 64);
}

HttpServer::HttpServer(const std::string& policy, const std::vector<std::string>& options,
                       const std::string& listen) {
  static int counter = 0;
  dir_ = Site::base() / ("server" + std::to_string(counter++));
  fs::create_directories(dir_);
  std::string policy_yaml = policy == "coroutine" ? "{type: coroutine, threads: 2}"
                                                  : "{type: " + policy + "}";
  std::string yaml = "log: {level: info}\n"
                     "shutdown_timeout: 2s\n"
                     "servers:\n"
                     "  web:\n"
                     "    listen: '" + listen + "'\n"
                     "    policy: " + policy_yaml + "\n"
                     "    handler:\n"
                     "      plugin: http\n";
  auto given = [&](const std::string& key) {
    for (const auto& o : options)
      if (o.starts_with(key + ":")) return true;
    return false;
  };
  for (const auto& o : options) yaml += "      " + o + "\n";
  if (!given("root")) yaml += "      root: '" + Site::www().string() + "'\n";
  if (!given("listing")) yaml += "      listing: true\n";
  std::ofstream(dir_ / "http.yaml") << yaml << sockserv::test::allow_root_line;
  process_ = std::make_unique<sockserv::test::Process>(
      std::vector<std::string>{SOCKSERV_BIN, "run", (dir_ / "http.yaml").string()});
  if (!process_->wait_for_output("[web] listening on", 20s))
    throw std::runtime_error("sockserv did not start:\n" + process_->err());
  if (listen.starts_with("tcp:")) {
    auto endpoint = sockserv::test::listening(*process_, "web");
    if (!endpoint) throw std::runtime_error("no port in:\n" + process_->err());
    port_ = endpoint->port;
  }
}

HttpServer::~HttpServer() {
  process_->signal(SIGTERM);
  auto status = process_->wait(30s);
  EXPECT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << "sockserv did not exit cleanly\n" << process_->err();
  EXPECT_TRUE(process_->lines_with("killed by signal").empty()) << process_->err();
}

std::string HttpServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

bool HttpServer::wait_log(const std::string& text, std::chrono::milliseconds timeout) {
  return process_->wait_for_output(text, timeout);
}

std::string CurlResult::field(const std::string& name) const {
  std::string lower_name = name;
  std::transform(lower_name.begin(), lower_name.end(), lower_name.begin(), ::tolower);
  std::size_t pos = 0;
  while ((pos = head.find("\r\n", pos)) != std::string::npos) {
    pos += 2;
    std::size_t colon = head.find(':', pos);
    std::size_t end = head.find("\r\n", pos);
    if (colon == std::string::npos || end == std::string::npos || colon > end) continue;
    std::string key = head.substr(pos, colon - pos);
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    if (key == lower_name) {
      std::string value = head.substr(colon + 1, end - colon - 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      return value;
    }
  }
  return "";
}

CurlResult curl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/curl", "-sS", "-D", "-", "--max-time", "20"};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = sockserv::test::run_to_end(argv);
  CurlResult c;
  c.exit_code = r.exit_code;
  c.err = r.err;
  std::string out = r.out;
  // Heads come first (a 100 Continue's, those of redirects followed with -L, then the
  // final one's), then the body.
  for (;;) {
    std::size_t end = out.find("\r\n\r\n");
    if (!out.starts_with("HTTP/") || end == std::string::npos) break;
    c.head = out.substr(0, end + 4);
    out.erase(0, end + 4);
    c.status = std::atoi(c.head.c_str() + c.head.find(' ') + 1);
    bool more = c.status == 100 || (c.status / 100 == 3 && out.starts_with("HTTP/"));
    if (!more) break;
  }
  c.body = out;
  return c;
}

std::string python(const std::string& script, const std::vector<std::string>& args,
                   int* exit_code) {
  std::vector<std::string> argv = {"/usr/bin/env", "python3",
                                   std::string(HTTP_CLIENTS_DIR) + "/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = sockserv::test::run_to_end(argv);
  if (exit_code) *exit_code = r.exit_code;
  return r.out + r.err;
}

RawConnection::RawConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0)
    throw std::runtime_error("connect failed");
}

RawConnection::~RawConnection() { ::close(fd_); }

void RawConnection::send(const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    done += std::size_t(n);
  }
}

bool RawConnection::read_some(std::chrono::milliseconds timeout) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  if (::poll(&p, 1, int(timeout.count())) <= 0) return false;
  char buf[65536];
  ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  in_.append(buf, std::size_t(n));
  return true;
}

bool RawConnection::read_until(const std::string& text, std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (in_.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0 || !read_some(left)) return in_.find(text) != std::string::npos;
  }
  return true;
}

std::string RawConnection::read_response(bool head_only) {
  if (!read_until("\r\n\r\n")) return "";
  std::size_t head_end = in_.find("\r\n\r\n") + 4;
  std::size_t length = 0;
  std::smatch m;
  std::string head = in_.substr(0, head_end);
  if (!head_only && std::regex_search(head, m, std::regex("\r\nContent-Length: (\\d+)\r\n")))
    length = std::stoul(m[1]);
  auto until = Clock::now() + 10s;
  while (in_.size() < head_end + length) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0 || !read_some(left)) return "";
  }
  std::string response = in_.substr(0, head_end + length);
  in_.erase(0, head_end + length);
  return response;
}

bool RawConnection::wait_closed(std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (!eof_) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return false;
    read_some(left);
  }
  return true;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
  read_some(timeout);
  return eof_;
}

}  // namespace httpd::test
