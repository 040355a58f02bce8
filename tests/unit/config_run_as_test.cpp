// The top-level `user:`, `group:`, `allow_root:` and `log: {format}` as the parser reads
// them: typed, and every mistake located with what would be right.
#include "config_test_support.hpp"

namespace sockserv::config::testing {
namespace {

TEST(ConfigRunAs, AbsentMeansStayAndNoRoot) {
  auto result = parse(one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_EQ(result.config->run_as.user, "");
  EXPECT_EQ(result.config->run_as.group, "");
  EXPECT_FALSE(result.config->run_as.allow_root);
  EXPECT_EQ(result.config->run_as.allow_root_where.line, 0);
  EXPECT_EQ(result.config->log.format, LogFormat::text);
}

TEST(ConfigRunAs, ReadsNamesNumbersAndWhereTheyAre) {
  auto result = parse(std::string("user: nobody\ngroup: 65534\nallow_root: true\n") + one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  const auto& r = result.config->run_as;
  EXPECT_EQ(r.user, "nobody");
  EXPECT_EQ(r.group, "65534");
  EXPECT_TRUE(r.allow_root);
  EXPECT_EQ(r.user_where.line, 1);
  EXPECT_EQ(r.user_where.column, 7);
  EXPECT_EQ(r.group_where.line, 2);
  EXPECT_EQ(r.allow_root_where.line, 3);
  EXPECT_EQ(r.allow_root_where.column, 13);
}

TEST(ConfigRunAs, AllowRootMustBeABoolean) {
  expect_only_error(std::string("allow_root: maybe\n") + one_server, 1, 13, "allow_root",
                    {"expected true or false, got 'maybe'"});
}

TEST(ConfigRunAs, UserMustBeANameNotAList) {
  expect_only_error(std::string("user: [nobody]\n") + one_server, 1, 7, "user",
                    {"expected a user name or numeric uid, like nobody, got a list"});
}

TEST(ConfigRunAs, EmptyGroupIsReported) {
  expect_only_error(std::string("user: nobody\ngroup: ''\n") + one_server, 2, 8, "group",
                    {"expected a group name or numeric gid", "got nothing"});
}

TEST(ConfigLog, FormatJsonIsRead) {
  auto result = parse(std::string("log: {level: warn, format: json}\n") + one_server);
  ASSERT_TRUE(result.config) << dump(result.errors);
  EXPECT_EQ(result.config->log.format, LogFormat::json);
  EXPECT_EQ(result.config->log.level, LogLevel::warn);
}

TEST(ConfigLog, BadFormatListsTheChoices) {
  expect_only_error(std::string("log:\n  format: jsonl\n") + one_server, 2, 11, "log.format",
                    {"unknown log format 'jsonl'", "did you mean 'json'?",
                     "valid formats: text, json"});
}

TEST(ConfigLog, UnknownLogKeyNamesBothKeys) {
  expect_only_error(std::string("log: {formatt: json}\n") + one_server, 1, 7, "log.formatt",
                    {"unknown key 'formatt'", "valid keys: level, format"});
}

}  // namespace
}  // namespace sockserv::config::testing
