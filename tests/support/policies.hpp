#pragma once
// The policies every matrix test runs under, made by name as the launcher makes them.

#include <sockserv/policy.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sockserv::test {

/// The names of every built-in policy.
std::vector<std::string> all_policies();

/// The built-in policy `name` with its declared defaults, overridden by `max_threads` when
/// that option exists and the value is not 0.
std::unique_ptr<Policy> make_policy(const std::string& name, std::int64_t max_threads = 0);

}  // namespace sockserv::test
