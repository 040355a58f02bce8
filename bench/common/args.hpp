#pragma once
// "--name value" command-line options for the benchmark programs: each program declares
// the names it takes with their defaults, and anything else is refused with the list.

#include <cstdint>
#include <map>
#include <string>

namespace bench {

/// Options read from argv against declared names and defaults.
class Args {
 public:
  /// `defaults`: every accepted option (without "--") and its default value as text.
  Args(int argc, char** argv, int first, std::map<std::string, std::string> defaults);

  /// The value as text.
  const std::string& text(const std::string& name) const;
  /// The value as a non-negative whole number; throws naming the option if it is not one.
  std::uint64_t count(const std::string& name) const;
  /// The value as a number of seconds (fractions allowed).
  double seconds(const std::string& name) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace bench
