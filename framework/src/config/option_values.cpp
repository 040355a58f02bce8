#include "config/option_values.hpp"

#include "config/did_you_mean.hpp"
#include "config/option_text.hpp"

#include <algorithm>

namespace sockserv::config {
namespace {

std::vector<std::string> names_of(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> names;
  for (const OptionSpec& spec : specs) names.push_back(spec.name);
  return names;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

void report_unknown(const RawOption& raw, const std::string& key,
                    const std::vector<std::string>& names, const std::string& owner,
                    ConfigErrors& errors) {
  std::string message =
      names.empty() ? "unknown option '" + key + "': " + owner + " takes no options"
                    : "unknown option '" + key + "' for " + owner + did_you_mean(key, names) +
                          " (valid options: " + join_choices(names) + ")";
  errors.push_back({raw.key_where, raw.key_path, std::move(message)});
}

/// "must be between 1 and 64" style, or "" when `value` is within the declared bounds.
std::string bounds_problem(const OptionSpec& spec, const OptionValue& value) {
  if (!has_bounds(spec.type)) return "";
  auto min = parse_option_text(spec.type, spec.min, {});
  auto max = parse_option_text(spec.type, spec.max, {});
  bool low = min && value < *min, high = max && *max < value;
  if (!low && !high) return "";
  if (min && max) return "must be between " + spec.min + " and " + spec.max;
  return low ? "must be at least " + spec.min : "must be at most " + spec.max;
}

/// "'x' is not one of ..." when `spec` has choices and `value` is not among them, else "".
std::string choice_problem(const OptionSpec& spec, const OptionValue& value) {
  const auto* text = std::get_if<std::string>(&value);
  if (spec.choices.empty() || !text || contains(spec.choices, *text)) return "";
  return "'" + *text + "' is not one of " + join_choices(spec.choices) +
         did_you_mean(*text, spec.choices);
}

/// The value of `raw` as `spec` says, or nullopt after reporting why it is not one.
std::optional<OptionValue> convert(const OptionSpec& spec, const RawOption& raw,
                                   const std::filesystem::path& base_dir, ConfigErrors& errors) {
  auto fail = [&](const std::string& got) {
    errors.push_back(
        {raw.where, raw.key_path, "expected " + expected_form(spec.type) + ", got " + got});
    return std::nullopt;
  };
  if (!raw.is_scalar && !raw.is_sequence) return fail("a map or a nested list");
  if (spec.type == OptionType::string_list) {
    if (!raw.is_sequence) return fail("'" + raw.scalar + "'");
    return OptionValue(raw.items);
  }
  if (raw.is_sequence) return fail("a list");
  auto value = parse_option_text(spec.type, raw.scalar, base_dir);
  if (!value) return fail("'" + raw.scalar + "'");
  std::string problem = bounds_problem(spec, *value) + choice_problem(spec, *value);
  if (problem.empty()) return value;
  if (has_bounds(spec.type)) problem += ", got " + raw.scalar;
  errors.push_back({raw.where, raw.key_path, std::move(problem)});
  return std::nullopt;
}

/// The value an absent option takes. Strings, lists and paths may default to empty
/// (an empty path means "none"); check_specs makes sure every other type has a default.
std::optional<OptionValue> default_of(const OptionSpec& spec,
                                      const std::filesystem::path& base_dir) {
  if (spec.default_value.empty()) {
    switch (spec.type) {
      case OptionType::string:
        return OptionValue(std::string());
      case OptionType::path:
        return OptionValue(std::filesystem::path());
      case OptionType::string_list:
        return OptionValue(std::vector<std::string>());
      default:
        return std::nullopt;
    }
  }
  return parse_option_text(spec.type, spec.default_value, base_dir);
}

/// "a size", "an integer": the type's name with its article.
std::string a_type(OptionType type) {
  std::string name = to_string(type);
  bool vowel = std::string_view("aeiou").find(name.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + name;
}

/// What is wrong with one declaration's default, bounds and choices; "" if nothing.
std::string spec_problem(const OptionSpec& spec) {
  auto parses = [&](const std::string& text) {
    return text.empty() || parse_option_text(spec.type, text, {}).has_value();
  };
  if (spec.required && !spec.default_value.empty())
    return "is required but has default '" + spec.default_value + "'; drop one of them";
  if (!spec.required && spec.default_value.empty() &&
      (has_bounds(spec.type) || spec.type == OptionType::boolean || !spec.choices.empty()))
    return "has no default; give one, or mark it required";
  if (!parses(spec.default_value))
    return "default '" + spec.default_value + "' is not " + a_type(spec.type);
  if ((!spec.min.empty() || !spec.max.empty()) && !has_bounds(spec.type))
    return "min and max apply only to integer, size and duration options";
  if (!parses(spec.min)) return "min '" + spec.min + "' is not " + a_type(spec.type);
  if (!parses(spec.max)) return "max '" + spec.max + "' is not " + a_type(spec.type);
  if (!spec.choices.empty() && spec.type != OptionType::string)
    return "choices apply only to string options";
  return "";
}

/// Problems that need the parsed values: min above max, a default out of bounds or
/// choices; "" if none.
std::string spec_value_problem(const OptionSpec& spec) {
  auto min = parse_option_text(spec.type, spec.min, {});
  auto max = parse_option_text(spec.type, spec.max, {});
  if (has_bounds(spec.type) && min && max && *max < *min)
    return "min '" + spec.min + "' is above max '" + spec.max + "'";
  if (spec.default_value.empty()) return "";
  auto value = parse_option_text(spec.type, spec.default_value, {});
  std::string problem = bounds_problem(spec, *value);
  if (!problem.empty()) return "default '" + spec.default_value + "' " + problem;
  problem = choice_problem(spec, *value);
  return problem.empty() ? "" : "default " + problem;
}

}  // namespace

Options check_options(const std::vector<OptionSpec>& specs,
                      const std::map<std::string, RawOption>& raw,
                      const std::string& component_key_path, const Location& component_where,
                      const std::string& owner, const std::filesystem::path& base_dir,
                      ConfigErrors& errors) {
  std::vector<std::string> names = names_of(specs);
  for (const auto& [key, option] : raw)
    if (!contains(names, key)) report_unknown(option, key, names, owner, errors);
  Options options;
  for (const OptionSpec& spec : specs) {
    std::optional<OptionValue> value;
    if (auto it = raw.find(spec.name); it != raw.end())
      value = convert(spec, it->second, base_dir, errors);
    else if (spec.required)
      errors.push_back({component_where, component_key_path + "." + spec.name,
                        "missing required option '" + spec.name + "' of " + owner + ": " +
                            expected_form(spec.type) +
                            (spec.help.empty() ? "" : " (" + spec.help + ")")});
    else
      value = default_of(spec, base_dir);
    if (value) options.set(spec.name, std::move(*value));
  }
  return options;
}

std::vector<std::string> check_specs(const std::vector<OptionSpec>& specs) {
  std::vector<std::string> problems;
  std::vector<std::string> seen;
  for (const OptionSpec& spec : specs) {
    if (spec.name.empty()) {
      problems.push_back("an option has no name");
      continue;
    }
    if (contains(seen, spec.name))
      problems.push_back("option '" + spec.name + "' is declared twice");
    seen.push_back(spec.name);
    std::string problem = spec_problem(spec);
    if (problem.empty()) problem = spec_value_problem(spec);
    if (!problem.empty()) problems.push_back("option '" + spec.name + "': " + problem);
  }
  return problems;
}

}  // namespace sockserv::config
