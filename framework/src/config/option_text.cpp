#include "config/option_text.hpp"

#include "config/resolve_path.hpp"
#include "config/units.hpp"

#include <yaml-cpp/yaml.h>

namespace sockserv::config {
namespace {

std::optional<OptionValue> parse_list_text(std::string_view text) {
  std::vector<std::string> items;
  try {
    YAML::Node node = YAML::Load(std::string(text));
    if (node.IsScalar()) return OptionValue(std::vector<std::string>{node.Scalar()});
    if (!node.IsSequence()) return std::nullopt;
    for (const YAML::Node& item : node) {
      if (!item.IsScalar()) return std::nullopt;
      items.push_back(item.Scalar());
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return OptionValue(std::move(items));
}

/// Wraps a parse result into an OptionValue, keeping nullopt.
template <class T>
std::optional<OptionValue> wrap(std::optional<T> value) {
  if (!value) return std::nullopt;
  return OptionValue(*value);
}

}  // namespace

std::optional<OptionValue> parse_option_text(OptionType type, std::string_view text,
                                             const std::filesystem::path& base_dir) {
  switch (type) {
    case OptionType::boolean:
      return wrap(parse_bool(text));
    case OptionType::integer:
      return wrap(parse_integer(text));
    case OptionType::size:
      return wrap(parse_size(text));
    case OptionType::duration:
      return wrap(parse_duration(text));
    case OptionType::string:
      return OptionValue(std::string(text));
    case OptionType::path:
      if (text.empty()) return std::nullopt;
      return OptionValue(resolve_path(base_dir, std::filesystem::path(text)));
    case OptionType::string_list:
      return parse_list_text(text);
  }
  return std::nullopt;
}

std::string expected_form(OptionType type) {
  switch (type) {
    case OptionType::boolean:
      return "true or false";
    case OptionType::integer:
      return "a whole number like 8";
    case OptionType::size:
      return "a size like 512, 64KiB or 4MiB";
    case OptionType::duration:
      return "a duration like 30s or 250ms (units: ms, s, m, h)";
    case OptionType::string:
      return "a string";
    case OptionType::path:
      return "a path like data/www";
    case OptionType::string_list:
      return "a list of strings like [a, b]";
  }
  return "a value";
}

bool has_bounds(OptionType type) {
  return type == OptionType::integer || type == OptionType::size || type == OptionType::duration;
}

}  // namespace sockserv::config
