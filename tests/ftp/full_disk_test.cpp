// A full disk during an upload: the server answers 452, removes its temporary file, and
// goes on serving. The disk is a 256 KiB tmpfs mounted over the root in a mount namespace
// of the server's own (unshare -m), so nothing outside the test sees it; the test looks
// into that namespace through /proc/PID/root.
#include "ftp_server.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;

bool has_upload_temps(const fs::path& folder) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (entry.path().filename().string().find(".upload-") != std::string::npos) return true;
  return false;
}

TEST(FtpFullDisk, AnUploadThatFillsTheDiskIsRefusedAndLeavesNoFile) {
  TempDir dir;
  fs::create_directories(dir.path() / "root");
  fs::create_directories(dir.path() / "local");
  std::string config = write_config(dir, "ftp.yaml",
                                    "servers:\n"
                                    "  ftp:\n"
                                    "    listen: tcp://127.0.0.1:0\n"
                                    "    policy: {type: threading}\n"
                                    "    handler: {plugin: file, root: root, anonymous: true,\n"
                                    "              anonymous_access: read-write}\n");
  std::string root = (dir.path() / "root").string();
  Process server({"/usr/bin/unshare", "-m", "/bin/sh", "-c",
                  "mount -t tmpfs -o size=256k tmpfs '" + root + "' && exec '" +
                      FtpTools::sockserv() + "' run '" + config + "'"});
  ASSERT_TRUE(server.wait_for_output("[ftp] listening on", std::chrono::seconds(20)))
      << "a private tmpfs needs root (CAP_SYS_ADMIN):\n" << server.err();
  auto endpoint = listening(server, "ftp");
  ASSERT_TRUE(endpoint);
  fs::path in_namespace = fs::path("/proc") / std::to_string(server.pid()) / "root" / root.substr(1);

  write_pattern(dir.path() / "local" / "big.bin", 1024 * 1024);
  auto put = run_to_end({PYTHON3_BIN, FtpTools::client(), std::to_string(endpoint->port),
                         "anonymous", "x@", "put-until-refused",
                         (dir.path() / "local" / "big.bin").string(), "big.bin"});
  EXPECT_NE(put.out.find("452"), std::string::npos) << put.out << put.err;
  EXPECT_FALSE(fs::exists(in_namespace / "big.bin"));
  EXPECT_FALSE(has_upload_temps(in_namespace)) << "the temporary file must be removed";

  std::ofstream(dir.path() / "local" / "small.txt") << "fits";
  auto small = run_to_end({PYTHON3_BIN, FtpTools::client(), std::to_string(endpoint->port),
                           "anonymous", "x@", "put", (dir.path() / "local" / "small.txt").string(),
                           "small.txt"});
  EXPECT_NE(small.out.find("226"), std::string::npos) << "the server goes on: " << small.out;
  EXPECT_TRUE(fs::exists(in_namespace / "small.txt"));
  server.signal(SIGTERM);
  EXPECT_TRUE(server.wait(std::chrono::seconds(10)));
}

}  // namespace
}  // namespace sockserv::test
