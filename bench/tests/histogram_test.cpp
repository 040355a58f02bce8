#include "histogram.hpp"

#include <gtest/gtest.h>

namespace bench {
namespace {

TEST(Histogram, BucketsAreOrderedAndEachLowerBoundMapsToItsOwnBucket) {
  for (int i = 1; i < Histogram::buckets; ++i) {
    ASSERT_LT(Histogram::lower_bound(i - 1), Histogram::lower_bound(i)) << i;
    ASSERT_EQ(Histogram::index(Histogram::lower_bound(i)), i) << i;
  }
  EXPECT_EQ(Histogram::index(~std::uint64_t{0}), Histogram::buckets - 1);
}

TEST(Histogram, QuantilesOfAUniformRangeAreWithinThreePercent) {
  Histogram h;
  for (std::uint64_t v = 1; v <= 100000; ++v) h.record(v * 10);
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_NEAR(static_cast<double>(h.quantile(0.50)), 500000.0, 15000.0);
  EXPECT_NEAR(static_cast<double>(h.quantile(0.99)), 990000.0, 30000.0);
  EXPECT_EQ(h.max(), 1000000u);
  EXPECT_LE(h.quantile(1.0), h.max());
}

TEST(Histogram, EmptyIsZeroAndMergeAddsCounts) {
  Histogram a, b;
  EXPECT_EQ(a.quantile(0.5), 0u);
  a.record(7);
  b.record(7);
  b.record(9);
  a.merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.quantile(0.5), 7u);  // small values are exact
  EXPECT_EQ(a.max(), 9u);
}

}  // namespace
}  // namespace bench
