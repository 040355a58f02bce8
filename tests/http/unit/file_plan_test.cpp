#include "file_plan.hpp"
#include "http_date.hpp"

#include <gtest/gtest.h>

#include <string>

namespace httpd {
namespace {

constexpr std::int64_t mtime = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT

class FilePlanTest : public ::testing::Test {
 protected:
  FileMeta meta{1000, mtime, 123};
  char buffer[etag_capacity];
  std::string etag{format_etag(meta, buffer)};
  RequestHead head;

  FilePlan plan(bool is_get = true) { return plan_file_response(meta, etag, head, is_get); }
};

TEST_F(FilePlanTest, EtagChangesWithTimeAndSize) {
  EXPECT_EQ(etag, "\"2ebc98a1.7b-3e8\"");
  FileMeta other = meta;
  other.mtime_nsec += 1;
  char b[etag_capacity];
  EXPECT_NE(format_etag(other, b), etag);
  other = meta;
  other.size += 1;
  EXPECT_NE(format_etag(other, b), etag);
}

TEST_F(FilePlanTest, PlainRequestGetsTheWholeFile) {
  FilePlan p = plan();
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(p.first, 0u);
  EXPECT_EQ(p.length, 1000u);
}

TEST_F(FilePlanTest, IfNoneMatch) {
  head.if_none_match = etag;
  EXPECT_EQ(plan().status, 304);
  EXPECT_EQ(plan(false).status, 304);
  head.if_none_match = "\"other\", W/" + etag;  // weak comparison
  EXPECT_EQ(plan().status, 304);
  head.if_none_match = "*";
  EXPECT_EQ(plan().status, 304);
  head.if_none_match = "\"other\"";
  EXPECT_EQ(plan().status, 200);
}

TEST_F(FilePlanTest, IfModifiedSince) {
  head.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
  EXPECT_EQ(plan().status, 304);
  head.if_modified_since = "Sun, 06 Nov 1994 08:49:36 GMT";
  EXPECT_EQ(plan().status, 200);
  head.if_modified_since = "not a date";
  EXPECT_EQ(plan().status, 200);
  // If-None-Match wins: it does not match, so the date is not looked at.
  head.if_modified_since = "Sun, 06 Nov 1994 08:49:37 GMT";
  head.if_none_match = "\"other\"";
  EXPECT_EQ(plan().status, 200);
}

TEST_F(FilePlanTest, RangesApplyToGetOnly) {
  head.range = "bytes=10-19";
  FilePlan p = plan();
  EXPECT_EQ(p.status, 206);
  EXPECT_EQ(p.first, 10u);
  EXPECT_EQ(p.length, 10u);
  EXPECT_EQ(plan(false).status, 200);
  head.range = "bytes=5000-";
  EXPECT_EQ(plan().status, 416);
  head.range = "bytes=0-1,3-4";
  EXPECT_EQ(plan().status, 200);
}

TEST_F(FilePlanTest, IfRange) {
  head.range = "bytes=0-9";
  head.if_range = etag;
  EXPECT_EQ(plan().status, 206);
  head.if_range = "W/" + etag;  // weak: never matches
  EXPECT_EQ(plan().status, 200);
  head.if_range = "\"stale\"";
  EXPECT_EQ(plan().status, 200);
  head.if_range = "Sun, 06 Nov 1994 08:49:37 GMT";
  EXPECT_EQ(plan().status, 206);
  head.if_range = "Sun, 06 Nov 1994 08:49:38 GMT";
  EXPECT_EQ(plan().status, 200);
}

TEST(NoneMatch, ParsesLists) {
  EXPECT_TRUE(none_match_hits(" \"a\" , \"b\"", "\"b\""));
  EXPECT_TRUE(none_match_hits("\"a,b\"", "\"a,b\""));
  EXPECT_FALSE(none_match_hits("\"a", "\"a\""));
  EXPECT_FALSE(none_match_hits("a", "\"a\""));
  EXPECT_FALSE(none_match_hits("", "\"a\""));
}

}  // namespace
}  // namespace httpd
