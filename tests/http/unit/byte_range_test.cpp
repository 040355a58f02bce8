#include "byte_range.hpp"

#include <gtest/gtest.h>

namespace httpd {
namespace {

void expect_single(std::string_view header, std::uint64_t size, std::uint64_t first,
                   std::uint64_t length) {
  RangeRequest r = parse_range(header, size);
  EXPECT_EQ(r.kind, RangeKind::single) << header;
  EXPECT_EQ(r.first, first) << header;
  EXPECT_EQ(r.length, length) << header;
}

TEST(ByteRange, SingleRanges) {
  expect_single("bytes=0-499", 1000, 0, 500);
  expect_single("bytes=500-", 1000, 500, 500);
  expect_single("bytes=-200", 1000, 800, 200);
  expect_single("bytes=900-5000", 1000, 900, 100);   // last clamped
  expect_single("bytes=-5000", 1000, 0, 1000);       // suffix longer than the file
  expect_single("bytes=999-999", 1000, 999, 1);
  expect_single("Bytes = 1-2", 1000, 1, 2);
  expect_single("bytes=0-99999999999999999999999", 1000, 0, 1000);  // saturates
}

TEST(ByteRange, Unsatisfiable) {
  for (const char* h : {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"})
    EXPECT_EQ(parse_range(h, 1000).kind, RangeKind::unsatisfiable) << h;
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, RangeKind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-1", 0).kind, RangeKind::unsatisfiable);
}

TEST(ByteRange, IgnoredMeansWholeFile) {
  for (const char* h : {"", "bytes", "bytes=", "bytes=-", "bytes=5-1", "bytes=a-b", "items=0-1",
                        "bytes=0-1,5-6", "bytes=0-0,-1", "bytes=1 -2", "bytes=+1-2"})
    EXPECT_EQ(parse_range(h, 1000).kind, RangeKind::whole) << h;
}

}  // namespace
}  // namespace httpd
