// Checking a plugin's options as written against its declaration, and checking the
// declaration itself.
#include "config/option_values.hpp"

#include "config_test_support.hpp"

#include <gtest/gtest.h>

namespace sockserv::config {
namespace {

using namespace std::chrono_literals;
using testing::dump;

const std::vector<OptionSpec> echo_specs{
    {.name = "greeting",
     .type = OptionType::string,
     .default_value = "hello",
     .help = "sent first"},
    {.name = "max_line",
     .type = OptionType::size,
     .default_value = "64KiB",
     .help = "longest line",
     .min = "1KiB",
     .max = "1MiB"},
    {.name = "idle",
     .type = OptionType::duration,
     .default_value = "30s",
     .help = "idle timeout",
     .max = "1h"},
    {.name = "workers",
     .type = OptionType::integer,
     .default_value = "4",
     .help = "threads",
     .min = "1",
     .max = "64"},
    {.name = "verbose", .type = OptionType::boolean, .default_value = "false", .help = "log lines"},
    {.name = "root", .type = OptionType::path, .default_value = "www", .help = "served folder"},
    {.name = "mode",
     .type = OptionType::string,
     .default_value = "text",
     .help = "reply mode",
     .choices = {"text", "binary"}},
    {.name = "tags", .type = OptionType::string_list, .default_value = "[a, b]", .help = "tags"},
};

/// Options and errors of the handler of a one-server config whose handler section ends
/// with `option_lines` (each indented by 6: keys at column 7, from line 6 on).
struct Checked {
  Options options;
  ConfigErrors errors;
};

Checked check(const std::string& option_lines, const std::vector<OptionSpec>& specs = echo_specs,
              const std::string& owner = "plugin 'echo'") {
  ParseResult parsed = testing::parse(
      "servers:\n"
      "  web:\n"
      "    listen: tcp://127.0.0.1:80\n"
      "    handler:\n"
      "      plugin: echo\n" +
      option_lines);
  EXPECT_TRUE(parsed.errors.empty()) << dump(parsed.errors);
  if (!parsed.config) return {};
  const Config& config = *parsed.config;
  const ComponentConfig& handler = config.servers.at(0).handler;
  Checked out;
  out.options = check_options(specs, handler.options, handler.key_path, handler.where, owner,
                              config.base_dir, out.errors);
  return out;
}

/// Checks that `option_lines` give exactly one error, as described.
void expect_only_error(const std::string& option_lines, int line, int column,
                       const std::string& key_path, const std::vector<std::string>& words,
                       const std::vector<OptionSpec>& specs = echo_specs) {
  Checked c = check(option_lines, specs);
  ASSERT_EQ(c.errors.size(), 1u) << dump(c.errors);
  testing::expect_error(c.errors[0], line, column, key_path, words);
}

TEST(CheckOptions, AppliesDefaultsToAbsentOptions) {
  Checked c = check("");
  ASSERT_TRUE(c.errors.empty()) << dump(c.errors);
  EXPECT_EQ(c.options.get_string("greeting"), "hello");
  EXPECT_EQ(c.options.get_size("max_line"), 64u * 1024);
  EXPECT_EQ(c.options.get_duration("idle"), Duration(30s));
  EXPECT_EQ(c.options.get_int("workers"), 4);
  EXPECT_EQ(c.options.get_bool("verbose"), false);
  EXPECT_EQ(c.options.get_path("root"), "/etc/sockserv/www");
  EXPECT_EQ(c.options.get_string("mode"), "text");
  EXPECT_EQ(c.options.get_list("tags"), (std::vector<std::string>{"a", "b"}));
}

TEST(CheckOptions, ConvertsGivenValues) {
  Checked c = check(
      "      greeting: hi there\n"
      "      max_line: 4KiB\n"
      "      idle: 250ms\n"
      "      workers: 8\n"
      "      verbose: yes\n"
      "      root: ../data\n"
      "      mode: binary\n"
      "      tags: [x, y, z]\n");
  ASSERT_TRUE(c.errors.empty()) << dump(c.errors);
  EXPECT_EQ(c.options.get_string("greeting"), "hi there");
  EXPECT_EQ(c.options.get_size("max_line"), 4096u);
  EXPECT_EQ(c.options.get_duration("idle"), Duration(250ms));
  EXPECT_EQ(c.options.get_int("workers"), 8);
  EXPECT_EQ(c.options.get_bool("verbose"), true);
  EXPECT_EQ(c.options.get_path("root"), "/etc/data");
  EXPECT_EQ(c.options.get_string("mode"), "binary");
  EXPECT_EQ(c.options.get_list("tags"), (std::vector<std::string>{"x", "y", "z"}));
}

TEST(CheckOptions, KeepsAbsolutePaths) {
  Checked c = check("      root: /srv/www/\n");
  EXPECT_EQ(c.options.get_path("root"), "/srv/www/");
}

TEST(CheckOptions, EmptyDefaultsGiveEmptyStringsListsAndPaths) {
  std::vector<OptionSpec> specs{
      {.name = "s", .type = OptionType::string, .default_value = "", .help = ""},
      {.name = "l", .type = OptionType::string_list, .default_value = "", .help = ""},
      {.name = "p", .type = OptionType::path, .default_value = "", .help = ""}};
  Checked c = check("", specs);
  ASSERT_TRUE(c.errors.empty()) << dump(c.errors);
  EXPECT_EQ(c.options.get_string("s"), "");
  EXPECT_TRUE(c.options.get_list("l").empty());
  EXPECT_TRUE(c.options.get_path("p").empty());
}

TEST(CheckOptions, UnknownOptionSuggestsTheNearestAndListsTheValidOnes) {
  expect_only_error(
      "      greting: hi\n", 6, 7, "servers.web.handler.greting",
      {"unknown option 'greting' for plugin 'echo'", "did you mean 'greeting'?",
       "valid options: greeting, max_line, idle, workers, verbose, root, mode, tags"});
}

TEST(CheckOptions, UnknownOptionOfAComponentWithoutOptions) {
  expect_only_error("      colour: red\n", 6, 7, "servers.web.handler.colour",
                    {"unknown option 'colour'", "plugin 'echo' takes no options"}, {});
}

TEST(CheckOptions, WrongScalarTypes) {
  expect_only_error("      max_line: big\n", 6, 17, "servers.web.handler.max_line",
                    {"expected a size like 512, 64KiB or 4MiB", "got 'big'"});
  expect_only_error("      idle: 5 minutes\n", 6, 13, "servers.web.handler.idle",
                    {"expected a duration like 30s or 250ms", "got '5 minutes'"});
  expect_only_error("      workers: 2.5\n", 6, 16, "servers.web.handler.workers",
                    {"expected a whole number", "got '2.5'"});
  expect_only_error("      verbose: maybe\n", 6, 16, "servers.web.handler.verbose",
                    {"expected true or false", "got 'maybe'"});
}

TEST(CheckOptions, WrongShapes) {
  expect_only_error("      workers: [1, 2]\n", 6, 16, "servers.web.handler.workers",
                    {"expected a whole number", "got a list"});
  expect_only_error("      tags: x\n", 6, 13, "servers.web.handler.tags",
                    {"expected a list of strings like [a, b]", "got 'x'"});
  expect_only_error("      greeting: {text: hi}\n", 6, 17, "servers.web.handler.greeting",
                    {"expected a string", "got a map or a nested list"});
  expect_only_error("      tags: [a, [b]]\n", 6, 13, "servers.web.handler.tags",
                    {"expected a list of strings", "got a map or a nested list"});
}

TEST(CheckOptions, ValuesOutOfRange) {
  expect_only_error("      max_line: 2MiB\n", 6, 17, "servers.web.handler.max_line",
                    {"must be between 1KiB and 1MiB", "got 2MiB"});
  expect_only_error("      max_line: 1023\n", 6, 17, "servers.web.handler.max_line",
                    {"must be between 1KiB and 1MiB", "got 1023"});
  expect_only_error("      workers: 0\n", 6, 16, "servers.web.handler.workers",
                    {"must be between 1 and 64", "got 0"});
  expect_only_error("      idle: 2h\n", 6, 13, "servers.web.handler.idle",
                    {"must be at most 1h", "got 2h"});
}

TEST(CheckOptions, BoundsAreInclusive) {
  Checked c = check("      max_line: 1MiB\n      workers: 1\n      idle: 60m\n");
  EXPECT_TRUE(c.errors.empty()) << dump(c.errors);
}

TEST(CheckOptions, ValueNotAmongTheChoices) {
  expect_only_error("      mode: binray\n", 6, 13, "servers.web.handler.mode",
                    {"'binray' is not one of text, binary", "did you mean 'binary'?"});
}

TEST(CheckOptions, MissingRequiredOption) {
  std::vector<OptionSpec> specs{{.name = "root",
                                 .type = OptionType::path,
                                 .default_value = "",
                                 .help = "folder to serve",
                                 .required = true}};
  expect_only_error(
      "", 5, 15, "servers.web.handler.root",
      {"missing required option 'root' of plugin 'echo'", "a path", "folder to serve"}, specs);
}

TEST(CheckOptions, ReportsEveryMistake) {
  Checked c = check(
      "      greting: hi\n"
      "      max_line: 0\n"
      "      mode: loud\n"
      "      verbose: [x]\n");
  ASSERT_EQ(c.errors.size(), 4u) << dump(c.errors);
  EXPECT_FALSE(c.options.has("max_line"));
  EXPECT_EQ(c.options.get_int("workers"), 4);  // the valid rest is still filled in
}

// --- check_specs ----------------------------------------------------------------------

std::vector<std::string> problems_of(OptionSpec spec) { return check_specs({std::move(spec)}); }

TEST(CheckSpecs, AcceptsValidDeclarations) {
  EXPECT_EQ(check_specs(echo_specs), std::vector<std::string>{});
}

TEST(CheckSpecs, ReportsADefaultThatDoesNotParse) {
  EXPECT_EQ(
      problems_of({.name = "x", .type = OptionType::size, .default_value = "12q", .help = ""}),
      std::vector<std::string>{"option 'x': default '12q' is not a size"});
  EXPECT_EQ(
      problems_of({.name = "n", .type = OptionType::integer, .default_value = "many", .help = ""}),
      std::vector<std::string>{"option 'n': default 'many' is not an integer"});
  EXPECT_EQ(problems_of({.name = "l",
                         .type = OptionType::string_list,
                         .default_value = "[a, {b: c}]",
                         .help = ""}),
            std::vector<std::string>{"option 'l': default '[a, {b: c}]' is not a list of strings"});
}

TEST(CheckSpecs, ReportsBadBounds) {
  EXPECT_EQ(problems_of({.name = "t",
                         .type = OptionType::duration,
                         .default_value = "1s",
                         .help = "",
                         .min = "1x"}),
            std::vector<std::string>{"option 't': min '1x' is not a duration"});
  EXPECT_EQ(problems_of({.name = "n",
                         .type = OptionType::integer,
                         .default_value = "5",
                         .help = "",
                         .min = "10",
                         .max = "1"}),
            std::vector<std::string>{"option 'n': min '10' is above max '1'"});
  EXPECT_EQ(
      problems_of(
          {.name = "s", .type = OptionType::string, .default_value = "", .help = "", .max = "3"}),
      std::vector<std::string>{
          "option 's': min and max apply only to integer, size and duration options"});
}

TEST(CheckSpecs, ReportsADefaultOutsideItsBoundsOrChoices) {
  EXPECT_EQ(problems_of({.name = "n",
                         .type = OptionType::integer,
                         .default_value = "0",
                         .help = "",
                         .min = "1",
                         .max = "8"}),
            std::vector<std::string>{"option 'n': default '0' must be between 1 and 8"});
  EXPECT_EQ(problems_of({.name = "m",
                         .type = OptionType::string,
                         .default_value = "fast",
                         .help = "",
                         .choices = {"slow", "quick"}}),
            std::vector<std::string>{"option 'm': default 'fast' is not one of slow, quick"});
}

TEST(CheckSpecs, ReportsContradictionsAndGaps) {
  EXPECT_EQ(
      problems_of({.name = "r",
                   .type = OptionType::path,
                   .default_value = "www",
                   .help = "",
                   .required = true}),
      std::vector<std::string>{"option 'r': is required but has default 'www'; drop one of them"});
  EXPECT_EQ(
      problems_of({.name = "n", .type = OptionType::integer, .default_value = "", .help = ""}),
      std::vector<std::string>{"option 'n': has no default; give one, or mark it required"});
  EXPECT_EQ(problems_of({.name = "n",
                         .type = OptionType::integer,
                         .default_value = "1",
                         .help = "",
                         .choices = {"1", "2"}}),
            std::vector<std::string>{"option 'n': choices apply only to string options"});
}

TEST(CheckSpecs, ReportsNamesMissingOrDeclaredTwice) {
  std::vector<OptionSpec> specs{
      {.name = "", .type = OptionType::string, .default_value = "", .help = ""},
      {.name = "a", .type = OptionType::string, .default_value = "", .help = ""},
      {.name = "a", .type = OptionType::string, .default_value = "", .help = ""}};
  EXPECT_EQ(check_specs(specs),
            (std::vector<std::string>{"an option has no name", "option 'a' is declared twice"}));
}

}  // namespace
}  // namespace sockserv::config
