#include "config/units.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sockserv::config {
namespace {

using namespace std::chrono_literals;

TEST(ParseSize, ReadsBinaryAndDecimalUnits) {
  EXPECT_EQ(parse_size("512"), 512u);
  EXPECT_EQ(parse_size("512B"), 512u);
  EXPECT_EQ(parse_size("64KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("4MiB"), 4u * 1024 * 1024);
  EXPECT_EQ(parse_size("1GiB"), 1024u * 1024 * 1024);
  EXPECT_EQ(parse_size("2TiB"), 2ull << 40);
  EXPECT_EQ(parse_size("10KB"), 10'000u);
  EXPECT_EQ(parse_size("3MB"), 3'000'000u);
  EXPECT_EQ(parse_size("64 KiB"), 64u * 1024);
  EXPECT_EQ(parse_size("0"), 0u);
}

TEST(ParseSize, ReadsFractions) {
  EXPECT_EQ(parse_size("1.5MiB"), 1572864u);
  EXPECT_EQ(parse_size("0.5KiB"), 512u);
  EXPECT_EQ(parse_size("1.25GB"), 1'250'000'000u);
}

TEST(ParseSize, RejectsMalformed) {
  for (const char* bad : {"", "-1", "+1", "KiB", "64KiBx", "64kib", "64 KiB x", "1..5MiB", ".5MiB",
                          "5.MiB", "0x10", "1e3", "abc"})
    EXPECT_EQ(parse_size(bad), std::nullopt) << bad;
}

TEST(ParseSize, RejectsOverflow) {
  EXPECT_EQ(parse_size("18446744073709551615"), std::numeric_limits<std::uint64_t>::max());
  EXPECT_EQ(parse_size("18446744073709551616"), std::nullopt);
  EXPECT_EQ(parse_size("16777216TiB"), std::nullopt);  // 2^64 bytes
  EXPECT_EQ(parse_size("16777215.9999TiB").has_value(), true);
}

TEST(ParseDuration, ReadsUnits) {
  EXPECT_EQ(parse_duration("250ms"), Duration(250ms));
  EXPECT_EQ(parse_duration("30s"), Duration(30s));
  EXPECT_EQ(parse_duration("5m"), Duration(5min));
  EXPECT_EQ(parse_duration("1h"), Duration(1h));
  EXPECT_EQ(parse_duration("10"), Duration(10s));
  EXPECT_EQ(parse_duration("0"), Duration(0s));
  EXPECT_EQ(parse_duration("1.5s"), Duration(1500ms));
  EXPECT_EQ(parse_duration("0.1s"), Duration(100ms));
  EXPECT_EQ(parse_duration("1.5h"), Duration(90min));
  EXPECT_EQ(parse_duration("20us"), Duration(20us));
  EXPECT_EQ(parse_duration("7ns"), Duration(7ns));
}

TEST(ParseDuration, RejectsMalformed) {
  for (const char* bad : {"", "-1s", "abc", "10x", "s", "1.5.5s", "30 s x", "10sec", "1d", "+3s"})
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
}

TEST(ParseDuration, RejectsOverflow) {
  EXPECT_TRUE(parse_duration("2562047h").has_value());  // just under 2^63 ns
  EXPECT_EQ(parse_duration("2562048h"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999999999999s"), std::nullopt);
}

TEST(ParseInteger, ReadsSignedNumbers) {
  EXPECT_EQ(parse_integer("0"), 0);
  EXPECT_EQ(parse_integer("42"), 42);
  EXPECT_EQ(parse_integer("+42"), 42);
  EXPECT_EQ(parse_integer("-42"), -42);
  EXPECT_EQ(parse_integer("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(parse_integer("-9223372036854775808"), std::numeric_limits<std::int64_t>::min());
}

TEST(ParseInteger, RejectsMalformedAndOverflow) {
  for (const char* bad : {"", "+", "-", "+-1", "--1", "1.0", "12a", " 1", "0x1F", "1e3",
                          "9223372036854775808", "-9223372036854775809"})
    EXPECT_EQ(parse_integer(bad), std::nullopt) << bad;
}

TEST(ParseBool, ReadsYamlBooleansInAnyCase) {
  for (const char* yes : {"true", "yes", "on", "True", "YES", "On"})
    EXPECT_EQ(parse_bool(yes), true) << yes;
  for (const char* no : {"false", "no", "off", "FALSE", "No", "OFF"})
    EXPECT_EQ(parse_bool(no), false) << no;
  for (const char* bad : {"", "1", "0", "y", "n", "truee", "enabled"})
    EXPECT_EQ(parse_bool(bad), std::nullopt) << bad;
}

TEST(FormatSize, UsesTheLargestExactUnit) {
  EXPECT_EQ(format_size(0), "0");
  EXPECT_EQ(format_size(512), "512");
  EXPECT_EQ(format_size(64 * 1024), "64KiB");
  EXPECT_EQ(format_size(4 * 1024 * 1024), "4MiB");
  EXPECT_EQ(format_size(1536 * 1024), "1536KiB");
  EXPECT_EQ(format_size(10'000), "10KB");
  EXPECT_EQ(format_size(1025), "1025");
}

TEST(FormatDuration, UsesTheLargestExactUnit) {
  EXPECT_EQ(format_duration(0s), "0s");
  EXPECT_EQ(format_duration(30s), "30s");
  EXPECT_EQ(format_duration(250ms), "250ms");
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(5min), "5m");
  EXPECT_EQ(format_duration(2h), "2h");
  EXPECT_EQ(format_duration(90s), "90s");
  EXPECT_EQ(format_duration(-3s), "-3s");
}

TEST(Format, RoundTripsThroughParse) {
  for (std::uint64_t bytes : {0ull, 1ull, 1000ull, 1024ull, 123456789ull, 3ull << 30})
    EXPECT_EQ(parse_size(format_size(bytes)), bytes);
  for (Duration d : {Duration(0s), Duration(7ns), Duration(1234us), Duration(61s), Duration(25h)})
    EXPECT_EQ(parse_duration(format_duration(d)), d);
}

}  // namespace
}  // namespace sockserv::config
