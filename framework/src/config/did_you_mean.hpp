#pragma once
// Suggestions for misspelt names.

#include <string>
#include <string_view>
#include <vector>

namespace sockserv::config {

/// The choice closest to `given` by edit distance if close enough to be a likely typo
/// (distance at most max(1, length/3)), else "".
std::string closest(std::string_view given, const std::vector<std::string>& choices);

/// "; did you mean 'x'?" when closest() finds one, else "".
std::string did_you_mean(std::string_view given, const std::vector<std::string>& choices);

/// "a, b, c": the choices joined for an error message.
std::string join_choices(const std::vector<std::string>& choices);

}  // namespace sockserv::config
