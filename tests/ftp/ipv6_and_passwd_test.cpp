// Two paths the main FTP fixture does not take: a server on IPv6 (ftplib then uses EPSV
// for data connections), and `sockserv hash-password` reading the password from stdin.
#include "ftp_server.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;

TEST(FtpIpv6, ListsDownloadsAndUploadsOverIpv6) {
  TempDir dir;
  fs::create_directories(dir.path() / "root");
  fs::create_directories(dir.path() / "local");
  std::ofstream(dir.path() / "root" / "hello.txt") << "hello over IPv6\n";
  std::ofstream(dir.path() / "local" / "up.txt") << "uploaded over IPv6\n";
  std::string config = write_config(dir, "ftp.yaml",
                                    "servers:\n"
                                    "  ftp6:\n"
                                    "    listen: 'tcp://[::1]:0'\n"
                                    "    policy: {type: coroutine, threads: 1}\n"
                                    "    handler: {plugin: file, root: root, anonymous: true,\n"
                                    "              anonymous_access: read-write}\n");
  Process server({FtpTools::sockserv(), "run", config});
  ASSERT_TRUE(server.wait_for_output("[ftp6] listening on", std::chrono::seconds(20))) << server.err();
  auto endpoint = listening(server, "ftp6");
  ASSERT_TRUE(endpoint);
  ASSERT_EQ(::setenv("FTP_HOST", "::1", 1), 0);  // read by ftp_client.py
  auto client = [&](std::vector<std::string> args) {
    std::vector<std::string> argv{PYTHON3_BIN, FtpTools::client(), std::to_string(endpoint->port),
                                  "anonymous", "x@"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_to_end(argv);
  };
  auto list = client({"list"});
  auto get = client({"get", "hello.txt", (dir.path() / "local" / "hello.txt").string()});
  auto put = client({"put", (dir.path() / "local" / "up.txt").string(), "up.txt"});
  ::unsetenv("FTP_HOST");
  EXPECT_NE(list.out.find("hello.txt"), std::string::npos) << list.out << list.err;
  EXPECT_EQ(get.exit_code, 0) << get.out << get.err;
  EXPECT_EQ(FtpTools::sha256(dir.path() / "local" / "hello.txt"),
            FtpTools::sha256(dir.path() / "root" / "hello.txt"));
  EXPECT_EQ(put.exit_code, 0) << put.out << put.err;
  EXPECT_EQ(FtpTools::sha256(dir.path() / "root" / "up.txt"),
            FtpTools::sha256(dir.path() / "local" / "up.txt"));
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(std::chrono::seconds(10)));
}

TEST(FtpPasswordHash, ReadsThePasswordFromStdinAndTheHashLogsIn) {
  auto r = run_to_end({"/bin/sh", "-c",
                       "printf 'from stdin\\n' | '" + FtpTools::sockserv() +
                           "' hash-password --iterations 1000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string hash = r.out.substr(0, r.out.find('\n'));
  ASSERT_TRUE(hash.starts_with("pbkdf2-sha256$1000$")) << r.out;

  TempDir dir;
  fs::create_directories(dir.path() / "root");
  std::string config = write_config(dir, "ftp.yaml",
                                    "servers:\n"
                                    "  ftp:\n"
                                    "    listen: tcp://127.0.0.1:0\n"
                                    "    handler: {plugin: file, root: root,\n"
                                    "              users: ['carol:" + hash + ":read']}\n");
  Process server({FtpTools::sockserv(), "run", config});
  ASSERT_TRUE(server.wait_for_output("[ftp] listening on", std::chrono::seconds(20))) << server.err();
  auto endpoint = listening(server, "ftp");
  ASSERT_TRUE(endpoint);
  auto good = run_to_end({PYTHON3_BIN, FtpTools::client(), std::to_string(endpoint->port), "carol",
                          "from stdin", "cmds", "PWD"});
  EXPECT_EQ(good.exit_code, 0) << good.out << good.err;
  EXPECT_NE(good.out.find("257"), std::string::npos) << good.out;
  auto bad = run_to_end({PYTHON3_BIN, FtpTools::client(), std::to_string(endpoint->port), "carol",
                         "from stdinX", "cmds", "PWD"});
  EXPECT_NE(bad.out.find("530"), std::string::npos) << "a wrong password is refused: " << bad.out;
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace sockserv::test
