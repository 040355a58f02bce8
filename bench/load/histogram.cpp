#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace bench {

namespace {
constexpr std::uint64_t sub_count = 1u << Histogram::sub_bits;
}

int Histogram::index(std::uint64_t ns) noexcept {
  if (ns < sub_count) return static_cast<int>(ns);
  int exponent = 63 - std::countl_zero(ns);  // >= sub_bits
  int shift = exponent - sub_bits;
  auto sub = static_cast<int>((ns >> shift) & (sub_count - 1));
  return ((shift + 1) << sub_bits) + sub;
}

std::uint64_t Histogram::lower_bound(int index) noexcept {
  if (index < static_cast<int>(sub_count)) return static_cast<std::uint64_t>(index);
  int shift = (index >> sub_bits) - 1;
  std::uint64_t sub = static_cast<std::uint64_t>(index) & (sub_count - 1);
  return (sub_count + sub) << shift;
}

void Histogram::record(std::uint64_t ns) noexcept {
  ++counts_[static_cast<std::size_t>(index(ns))];
  ++count_;
  max_ = std::max(max_, ns);
}

void Histogram::merge(const Histogram& other) noexcept {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::uint64_t Histogram::quantile(double q) const noexcept {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  std::uint64_t seen = 0;
  for (int i = 0; i < buckets; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= rank) {
      std::uint64_t low = lower_bound(i);
      std::uint64_t width = (i + 1 < buckets ? lower_bound(i + 1) : low + 1) - low;
      return std::min(low + width / 2, max_);
    }
  }
  return max_;
}

}  // namespace bench
