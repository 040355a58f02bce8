#include "config/did_you_mean.hpp"

#include <gtest/gtest.h>

namespace sockserv::config {
namespace {

const std::vector<std::string> keys{"listen", "policy", "processes", "shutdown_timeout", "handler"};

TEST(Closest, FindsOneEditTypos) {
  EXPECT_EQ(closest("lisen", keys), "listen");     // deletion
  EXPECT_EQ(closest("listenn", keys), "listen");   // insertion
  EXPECT_EQ(closest("polisy", keys), "policy");    // substitution
  EXPECT_EQ(closest("hnadler", keys), "handler");  // transposition
}

TEST(Closest, CountsASwapOfNeighboursAsOneEdit) {
  // Five letters allow one edit: plain Levenshtein would count this swap as two.
  EXPECT_EQ(closest("levle", {"level"}), "level");
  EXPECT_EQ(closest("elvle", {"level"}), "");  // two swaps
}

TEST(Closest, IgnoresCase) { EXPECT_EQ(closest("LISTEN", keys), "listen"); }

TEST(Closest, GivesNothingForFarOffNames) {
  EXPECT_EQ(closest("port", keys), "");
  EXPECT_EQ(closest("x", keys), "");
  EXPECT_EQ(closest("anything", {}), "");
}

TEST(Closest, ScalesTheThresholdWithLength) {
  // Short words allow one edit only: "ab" must not become "xy".
  EXPECT_EQ(closest("ab", {"xy"}), "");
  EXPECT_EQ(closest("ab", {"ax"}), "ax");
  // Long words allow length/3 edits.
  EXPECT_EQ(closest("shutdowntimeot", keys), "shutdown_timeout");
}

TEST(Closest, PrefersTheNearestChoice) {
  EXPECT_EQ(closest("infoo", {"info", "inform"}), "info");
  EXPECT_EQ(closest("warm", {"warn", "error"}), "warn");
}

TEST(DidYouMean, FormatsTheSuggestion) {
  EXPECT_EQ(did_you_mean("lisen", keys), "; did you mean 'listen'?");
  EXPECT_EQ(did_you_mean("zzz", keys), "");
}

TEST(JoinChoices, JoinsWithCommas) {
  EXPECT_EQ(join_choices({"a", "b", "c"}), "a, b, c");
  EXPECT_EQ(join_choices({"only"}), "only");
  EXPECT_EQ(join_choices({}), "");
}

}  // namespace
}  // namespace sockserv::config
