#pragma once
// The policies every matrix test runs under, made by name as the launcher makes them.

#include <sockserv/policy.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sockserv::test {

/// The names of every built-in policy.
std::vector<std::string> all_policies();

/// The built-in policy `name` with its declared defaults; `integers` overrides those of its
/// integer options it names (e.g. {{"max_children", 2}}).
std::unique_ptr<Policy> make_policy(const std::string& name,
                                    const std::map<std::string, std::int64_t>& integers = {});

}  // namespace sockserv::test
