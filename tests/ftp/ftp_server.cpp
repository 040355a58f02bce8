#include "ftp_server.hpp"

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <fstream>
#include <sstream>

namespace sockserv::test {

namespace fs = std::filesystem;

std::string FtpTools::sockserv() { return SOCKSERV_BIN; }
std::string FtpTools::client() { return FTP_CLIENTS_DIR "/ftp_client.py"; }

std::string FtpTools::hash(const std::string& password) {
  auto r = run_to_end({sockserv(), "hash-password", "--iterations", "1000", password});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string out = r.out;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string FtpTools::sha256(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0)
    EVP_DigestUpdate(ctx, buffer.data(), std::size_t(in.gcount()));
  unsigned char digest[32];
  unsigned size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned i = 0; i < size; ++i) {
    static const char* digits = "0123456789abcdef";
    hex += digits[digest[i] >> 4];
    hex += digits[digest[i] & 15];
  }
  return hex;
}

void write_pattern(const fs::path& path, std::uint64_t size, std::uint32_t seed) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<std::uint32_t> block(1 << 16);
  std::uint32_t x = seed * 2654435761u + 1;
  for (std::uint64_t done = 0; done < size;) {
    for (auto& word : block) word = x = x * 1664525u + 1013904223u;
    auto n = std::min<std::uint64_t>(size - done, block.size() * 4);
    out.write(reinterpret_cast<const char*>(block.data()), std::streamsize(n));
    done += n;
  }
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void FtpServer::add_big() {
  write_pattern(root() / "big.bin", 16 << 20);
  big_sha_ = FtpTools::sha256(root() / "big.bin");
}

FtpServer::FtpServer(const std::string& policy, bool big) {
  fs::create_directories(root() / "docs");
  fs::create_directories(local());
  if (big) add_big();
  std::ofstream(root() / "hello.txt") << "hello, world\n";
  std::ofstream(root() / "docs" / "readme.txt") << "read me\n";
  std::ofstream(dir_.path() / "secret.txt") << "outside the root\n";
  std::string policy_yaml = policy == "coroutine" ? "{type: coroutine, threads: 1}"
                                                  : "{type: " + policy + "}";
  std::string users = "      users: ['alice:" + FtpTools::hash("wonderland") +
                      ":read-write', 'bob:" + FtpTools::hash("builder") + ":read']\n";
  std::string config = write_config(
      dir_, "ftp.yaml",
      "log: {level: info}\n"
      "shutdown_timeout: 2s\n"
      "servers:\n"
      "  ftp:\n"
      "    listen: tcp://127.0.0.1:0\n"
      "    policy: " + policy_yaml + "\n"
      "    handler:\n"
      "      plugin: file\n"
      "      root: root\n"
      "      anonymous: true\n" + users +
      "      data_timeout: 10s\n"
      "  tight:\n"
      "    listen: tcp://127.0.0.1:0\n"
      "    policy: {type: forking}\n"  // per-user limits must hold across child processes
      "    handler:\n"
      "      plugin: file\n"
      "      root: root\n"
      "      anonymous: true\n"
      "      anonymous_access: read-write\n" + users +
      "      passive_ports: '41000-41999'\n"
      "      max_upload_bytes: 1KiB\n"
      "      max_clients_per_user: 1\n"
      "      max_login_attempts: 2\n"
      "  idle:\n"
      "    listen: tcp://127.0.0.1:0\n"
      "    handler: {plugin: file, root: root, anonymous: true, idle_timeout: 1s}\n");
  process_ = std::make_unique<Process>(std::vector<std::string>{FtpTools::sockserv(), "run", config});
  EXPECT_TRUE(process_->wait_for_output("[ftp] listening on", 20s)) << process_->err();
  EXPECT_TRUE(process_->wait_for_output("[tight] listening on", 20s)) << process_->err();
  if (auto e = listening(*process_, "ftp")) port_ = e->port;
  EXPECT_TRUE(process_->wait_for_output("[idle] listening on", 20s)) << process_->err();
  if (auto e = listening(*process_, "tight")) tight_port_ = e->port;
  if (auto e = listening(*process_, "idle")) idle_port_ = e->port;
}

FtpServer::~FtpServer() {
  process_->signal(SIGTERM);
  process_->wait(10s);
}

std::uint16_t FtpServer::port(const std::string& server) const {
  return server == "tight" ? tight_port_ : server == "idle" ? idle_port_ : port_;
}

Finished FtpServer::client(const std::vector<std::string>& args, const std::string& server) const {
  std::vector<std::string> argv{PYTHON3_BIN, FtpTools::client(), std::to_string(port(server))};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_to_end(argv);
}

std::unique_ptr<Process> FtpServer::start_client(const std::vector<std::string>& args,
                                                 const std::string& server) const {
  std::vector<std::string> argv{PYTHON3_BIN, FtpTools::client(), std::to_string(port(server))};
  argv.insert(argv.end(), args.begin(), args.end());
  return std::make_unique<Process>(argv);
}

}  // namespace sockserv::test
