// The configs under tests/configs, which `sockserv check` is later run on: valid.yaml
// parses, and each broken/*.yaml gives the one error its first line announces.
#include "config/config_parser.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace sockserv::config {
namespace {

const std::filesystem::path configs = SOCKSERV_TEST_CONFIGS;

std::string dump(const ConfigErrors& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += "  " + e.to_string() + "\n";
  return out;
}

/// "LINE:COLUMN: key.path: message start" from the file's "# error: " first line.
std::string announced_error(const std::filesystem::path& file) {
  std::string first_line;
  std::getline(std::ifstream(file), first_line);
  constexpr std::string_view prefix = "# error: ";
  EXPECT_TRUE(first_line.starts_with(prefix)) << file << " must start with '" << prefix << "'";
  return first_line.substr(std::min(prefix.size(), first_line.size()));
}

TEST(ConfigFiles, ValidConfigParses) {
  ParseResult result = parse_file(configs / "valid.yaml");
  EXPECT_TRUE(result.errors.empty()) << dump(result.errors);
  ASSERT_TRUE(result.config.has_value());
  EXPECT_EQ(result.config->servers.size(), 3u);
}

TEST(ConfigFiles, EachBrokenConfigGivesTheErrorItAnnounces) {
  int checked = 0;
  for (const auto& item : std::filesystem::directory_iterator(configs / "broken")) {
    if (item.path().extension() != ".yaml") continue;
    SCOPED_TRACE(item.path().filename().string());
    ParseResult result = parse_file(item.path());
    EXPECT_FALSE(result.config.has_value());
    ASSERT_EQ(result.errors.size(), 1u) << dump(result.errors);
    std::string want = item.path().string() + ":" + announced_error(item.path());
    std::string got = result.errors[0].to_string();
    EXPECT_EQ(got.substr(0, want.size()), want);
    ++checked;
  }
  EXPECT_GE(checked, 10);
}

}  // namespace
}  // namespace sockserv::config
