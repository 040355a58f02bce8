#include "document_root.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>

namespace httpd {
namespace {

namespace fs = std::filesystem;

/// root/ with a file, a folder, a dotfile and symlinks in and out; outside/secret beside it.
class DocumentRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() /
           ("http_root_test_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}()));
    fs::create_directories(base / "root/sub");
    fs::create_directories(base / "outside");
    std::ofstream(base / "root/file.txt") << "inside";
    std::ofstream(base / "root/sub/deep.txt") << "deep";
    std::ofstream(base / "root/.hidden") << "dot";
    std::ofstream(base / "outside/secret") << "secret";
    fs::create_symlink(base / "outside/secret", base / "root/abs_out");
    fs::create_symlink("../outside/secret", base / "root/rel_out");
    fs::create_symlink("file.txt", base / "root/in_link");
    fs::create_symlink("../file.txt", base / "root/sub/up_link");
    fs::create_symlink("missing", base / "root/dangling");
  }
  void TearDown() override { fs::remove_all(base); }

  std::string read_via(const DocumentRoot& root, const std::string& rel) {
    int fd = root.open(rel);
    if (fd < 0) return "errno " + std::to_string(-fd);
    char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    return std::string(buf, std::size_t(std::max<ssize_t>(n, 0)));
  }

  fs::path base;
};

TEST_F(DocumentRootTest, OpensFilesBelowTheRoot) {
  DocumentRoot root(base / "root", false);
  EXPECT_EQ(read_via(root, "file.txt"), "inside");
  EXPECT_EQ(read_via(root, "sub/deep.txt"), "deep");
  EXPECT_EQ(read_via(root, "in_link"), "inside");
  EXPECT_EQ(read_via(root, "sub/up_link"), "inside");  // leaves sub/, stays in the root
  EXPECT_EQ(root.open("missing"), -ENOENT);
}

TEST_F(DocumentRootTest, RefusesSymlinksLeadingOut) {
  DocumentRoot root(base / "root", false);
  EXPECT_LT(root.open("abs_out"), 0);
  EXPECT_LT(root.open("rel_out"), 0);
  EXPECT_LT(root.open("../outside/secret"), 0);
}

TEST_F(DocumentRootTest, FollowsThemWhenAllowed) {
  DocumentRoot root(base / "root", true);
  EXPECT_EQ(read_via(root, "abs_out"), "secret");
  EXPECT_EQ(read_via(root, "rel_out"), "secret");
}

TEST_F(DocumentRootTest, ListsWhatCanBeServed) {
  DocumentRoot root(base / "root", false);
  int fd = root.open(".");
  ASSERT_GE(fd, 0);
  auto entries = root.list(fd, ".", false);
  ::close(fd);
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"file.txt", "in_link", "sub"}));
  auto sub = std::find_if(entries.begin(), entries.end(), [](auto& e) { return e.name == "sub"; });
  EXPECT_TRUE(sub->is_directory);
  auto file = std::find_if(entries.begin(), entries.end(), [](auto& e) { return e.name == "file.txt"; });
  EXPECT_EQ(file->size, 6u);

  DocumentRoot all(base / "root", true);
  fd = all.open(".");
  auto shown = all.list(fd, ".", true);
  ::close(fd);
  EXPECT_EQ(shown.size(), 6u);  // + .hidden, abs_out, rel_out; never the dangling link
}

TEST_F(DocumentRootTest, ARootThatIsNotAFolderThrows) {
  EXPECT_THROW(DocumentRoot(base / "root/file.txt", false), std::system_error);
  EXPECT_THROW(DocumentRoot(base / "nowhere", false), std::system_error);
}

}  // namespace
}  // namespace httpd
