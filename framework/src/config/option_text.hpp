#pragma once
// Option values written as text, as in YAML and in an OptionSpec's default/min/max:
// reading them by type, and saying what a valid one looks like.

#include <sockserv/options.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace sockserv::config {

/// `text` read as `type`; paths resolve against `base_dir`. A string_list is read as a
/// YAML flow list ("[a, b]") or a single item. nullopt if `text` is not such a value.
std::optional<OptionValue> parse_option_text(OptionType type, std::string_view text,
                                             const std::filesystem::path& base_dir);

/// What a valid value looks like, for "expected ..." messages: "a size like 64KiB".
std::string expected_form(OptionType type);

/// True for the types that take min and max: integer, size, duration.
bool has_bounds(OptionType type);

}  // namespace sockserv::config
