#include "path_resolver.hpp"

#include <gtest/gtest.h>

namespace httpd {
namespace {

struct Resolved {
  TargetStatus status;
  std::string relative;
};

Resolved resolve(std::string_view target, bool show_hidden = false) {
  ResolvedTarget r;
  TargetStatus s = resolve_target(target, show_hidden, r);
  return {s, r.relative};
}

TEST(PathResolver, PlainPathsBecomeRelative) {
  EXPECT_EQ(resolve("/").relative, ".");
  EXPECT_EQ(resolve("/index.html").relative, "index.html");
  EXPECT_EQ(resolve("/a/b/c.txt").relative, "a/b/c.txt");
  EXPECT_EQ(resolve("/a//b///c").relative, "a/b/c");
  EXPECT_EQ(resolve("/a/./b/.").relative, "a/b");
}

TEST(PathResolver, DecodesEachSegment) {
  EXPECT_EQ(resolve("/a%20b/%C3%A9t%c3%a9.txt").relative, "a b/\xC3\xA9t\xC3\xA9.txt");
  EXPECT_EQ(resolve("/100%25").relative, "100%");
  EXPECT_EQ(resolve("/a+b").relative, "a+b");  // "+" is a space only in queries
}

TEST(PathResolver, DotDotInsideTheRootIsNormalised) {
  EXPECT_EQ(resolve("/a/../b").relative, "b");
  EXPECT_EQ(resolve("/a/b/../../c").relative, "c");
  EXPECT_EQ(resolve("/a/%2e%2e/b").relative, "b");
  EXPECT_EQ(resolve("/a/..").relative, ".");
}

TEST(PathResolver, EveryWayOutOfTheRootIsNotFound) {
  for (const char* target :
       {"/..", "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd",
        "/%2E%2E/%2e%2E/etc/passwd", "/.%2e/x", "/a/%2e%2e/%2e%2e/x", "/..%2fetc%2fpasswd",
        "/%2fetc%2fpasswd", "/a%2f..%2f..%2fx", "/..%5cwindows", "/a\\..\\..\\x",
        "/x%00.html", "/%00", "/a/b/../../../x"}) {
    EXPECT_EQ(resolve(target, true).status, TargetStatus::not_found) << target;
  }
}

TEST(PathResolver, MalformedEscapesAreBadRequests) {
  for (const char* target : {"/%", "/%2", "/%zz", "/a%g0", "/ok/%2"})
    EXPECT_EQ(resolve(target).status, TargetStatus::bad_request) << target;
  // The escape is judged even after a refused segment: 400 outranks 404.
  EXPECT_EQ(resolve("/%2f/%zz").status, TargetStatus::bad_request);
}

TEST(PathResolver, TargetsThatAreNotPathsAreBadRequests) {
  for (const char* target : {"", "*", "index.html", "example.com:443", "http:///x", "C:\\x"})
    EXPECT_EQ(resolve(target).status, TargetStatus::bad_request) << target;
}

TEST(PathResolver, AbsoluteFormKeepsOnlyThePath) {
  ResolvedTarget r;
  ASSERT_EQ(resolve_target("http://example.com/a/b?x=1", false, r), TargetStatus::ok);
  EXPECT_EQ(r.relative, "a/b");
  EXPECT_EQ(r.raw_path, "/a/b");
  EXPECT_EQ(r.query, "x=1");
  ASSERT_EQ(resolve_target("HTTPS://example.com", false, r), TargetStatus::ok);
  EXPECT_EQ(r.relative, ".");
  EXPECT_EQ(r.raw_path, "/");
}

TEST(PathResolver, AbsolutePathsStayBelowTheRoot) {
  // A leading "//" or an encoded one must not make an absolute file system path.
  EXPECT_EQ(resolve("//etc/passwd").relative, "etc/passwd");
  EXPECT_EQ(resolve("///etc//passwd").relative, "etc/passwd");
}

TEST(PathResolver, HiddenNamesAreNotFoundUnlessShown) {
  EXPECT_EQ(resolve("/.env").status, TargetStatus::not_found);
  EXPECT_EQ(resolve("/.git/config").status, TargetStatus::not_found);
  EXPECT_EQ(resolve("/a/.hidden/b").status, TargetStatus::not_found);
  EXPECT_EQ(resolve("/%2egit/config").status, TargetStatus::not_found);
  EXPECT_EQ(resolve("/.git/config", true).relative, ".git/config");
  EXPECT_EQ(resolve("/a/.hidden/../b").relative, "a/b");  // normalised away first
}

TEST(PathResolver, QueryAndFragmentAreSplitOff) {
  ResolvedTarget r;
  ASSERT_EQ(resolve_target("/docs/?sort=name#top", false, r), TargetStatus::ok);
  EXPECT_EQ(r.relative, "docs");
  EXPECT_EQ(r.raw_path, "/docs/");
  EXPECT_TRUE(r.has_query);
  EXPECT_EQ(r.query, "sort=name");
  EXPECT_TRUE(r.trailing_slash);
  ASSERT_EQ(resolve_target("/docs?", false, r), TargetStatus::ok);
  EXPECT_TRUE(r.has_query);
  EXPECT_EQ(r.query, "");
  EXPECT_FALSE(r.trailing_slash);
  ASSERT_EQ(resolve_target("/docs", false, r), TargetStatus::ok);
  EXPECT_FALSE(r.has_query);
}

TEST(PathResolver, RawPathKeepsTheEncoding) {
  ResolvedTarget r;
  ASSERT_EQ(resolve_target("/a%20dir?q", false, r), TargetStatus::ok);
  EXPECT_EQ(r.raw_path, "/a%20dir");
  EXPECT_EQ(r.relative, "a dir");
}

}  // namespace
}  // namespace httpd
