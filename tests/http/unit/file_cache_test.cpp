#include "file_cache.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace httpd {
namespace {

namespace fs = std::filesystem;

/// A root with one small file whose times are set explicitly, so every change below is
/// visible in its status whatever the clock's granularity.
class FileCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base = fs::temp_directory_path() / ("http_cache_test_" + std::to_string(::getpid()) + "_" +
                                        std::to_string(std::random_device{}()));
    fs::create_directories(base);
    write("a.txt", "first", 1000);
  }
  void TearDown() override { fs::remove_all(base); }

  void write(const std::string& name, const std::string& text, time_t mtime) {
    std::ofstream(base / name, std::ios::trunc) << text;
    timespec times[2] = {{mtime, 0}, {mtime, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, (base / name).c_str(), times, 0), 0);
  }

  /// Opens and adds `name` as the responder does on a miss.
  std::shared_ptr<const CachedFile> add(FileCache& cache, const DocumentRoot& root,
                                        const std::string& name) {
    int fd = root.open(name);
    EXPECT_GE(fd, 0);
    struct stat st {};
    EXPECT_EQ(::fstat(fd, &st), 0);
    auto file = cache.add(name, fd, st);
    ::close(fd);
    return file;
  }

  fs::path base;
};

TEST_F(FileCacheTest, ServesAnUnchangedFileFromMemory) {
  DocumentRoot root(base, false);
  FileCache cache(4, 1024, std::chrono::seconds(0));
  EXPECT_EQ(cache.find("a.txt", root), nullptr);
  auto added = add(cache, root, "a.txt");
  ASSERT_NE(added, nullptr);
  auto hit = cache.find("a.txt", root);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->body, "first");
}

TEST_F(FileCacheTest, DropsAFileChangedInPlace) {
  DocumentRoot root(base, false);
  FileCache cache(4, 1024, std::chrono::seconds(0));
  ASSERT_NE(add(cache, root, "a.txt"), nullptr);
  write("a.txt", "other", 2000);  // same size, new content and time
  EXPECT_EQ(cache.find("a.txt", root), nullptr);
  auto again = add(cache, root, "a.txt");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->body, "other");
}

TEST_F(FileCacheTest, DropsAFileReplacedOrRemoved) {
  DocumentRoot root(base, false);
  FileCache cache(4, 1024, std::chrono::seconds(0));
  ASSERT_NE(add(cache, root, "a.txt"), nullptr);
  write("b.txt", "first", 1000);  // same content, size and times: another inode
  fs::rename(base / "b.txt", base / "a.txt");
  EXPECT_EQ(cache.find("a.txt", root), nullptr);
  ASSERT_NE(add(cache, root, "a.txt"), nullptr);
  fs::remove(base / "a.txt");
  EXPECT_EQ(cache.find("a.txt", root), nullptr);
}

TEST_F(FileCacheTest, AValidityWindowServesTheCheckedCopyWithoutCheckingAgain) {
  DocumentRoot root(base, false);
  FileCache trusting(4, 1024, std::chrono::seconds(0), std::chrono::hours(1));
  FileCache exact(4, 1024, std::chrono::seconds(0));
  ASSERT_NE(add(trusting, root, "a.txt"), nullptr);
  ASSERT_NE(add(exact, root, "a.txt"), nullptr);
  write("a.txt", "other", 2000);
  // Within the window the change goes unseen (as nginx's open_file_cache_valid)...
  auto stale = trusting.find("a.txt", root);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(stale->body, "first");
  // ...where the default checks every hit.
  EXPECT_EQ(exact.find("a.txt", root), nullptr);
}

TEST_F(FileCacheTest, KeepsNeitherLargeNorFreshFilesAndHoldsItsBound) {
  DocumentRoot root(base, false);
  FileCache small_only(4, 3, std::chrono::seconds(0));
  EXPECT_EQ(add(small_only, root, "a.txt"), nullptr);  // 5 bytes > 3
  FileCache settled_only(4, 1024, std::chrono::seconds(3600));
  EXPECT_EQ(add(settled_only, root, "a.txt"), nullptr);  // its ctime is now
  FileCache one(1, 1024, std::chrono::seconds(0));
  write("b.txt", "second", 1000);
  ASSERT_NE(add(one, root, "a.txt"), nullptr);
  ASSERT_NE(add(one, root, "b.txt"), nullptr);
  EXPECT_EQ(one.find("a.txt", root), nullptr);  // evicted: one entry at most
  EXPECT_NE(one.find("b.txt", root), nullptr);
  FileCache off(0, 1024, std::chrono::seconds(0));
  EXPECT_EQ(add(off, root, "a.txt"), nullptr);
}

}  // namespace
}  // namespace httpd
