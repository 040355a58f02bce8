#pragma once
// Latencies in a log-linear histogram (32 buckets per power of two, so a percentile is
// within about 3 % of the true value) instead of a vector of every sample: recording is
// an increment, and memory stays 15 KiB however long the run.

#include <array>
#include <cstdint>

namespace bench {

/// Counts of nanosecond values.
class Histogram {
 public:
  /// Adds one value.
  void record(std::uint64_t ns) noexcept;
  /// Adds every count of `other`.
  void merge(const Histogram& other) noexcept;
  /// Values recorded.
  std::uint64_t count() const noexcept { return count_; }
  /// The value at or below which a fraction `q` (0..1) of the values lie (a bucket's
  /// midpoint); 0 when empty.
  std::uint64_t quantile(double q) const noexcept;
  /// The largest value recorded.
  std::uint64_t max() const noexcept { return max_; }

  static constexpr int sub_bits = 5;
  static constexpr int buckets = (64 - sub_bits + 1) << sub_bits;
  /// The bucket of a value, and the smallest value of a bucket (exposed for tests).
  static int index(std::uint64_t ns) noexcept;
  static std::uint64_t lower_bound(int index) noexcept;

 private:
  std::array<std::uint64_t, buckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace bench
