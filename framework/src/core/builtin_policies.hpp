#pragma once
// The policies compiled into the core, described as a loaded policy library would be.

#include <sockserv/policy.hpp>

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace sockserv::core {

/// A built-in policy: its declaration and its constructor.
struct BuiltinPolicy {
  PolicyInfo info;
  std::function<std::unique_ptr<Policy>(const PolicyContext&)> make;
};

/// Every built-in policy, in the order `sockserv plugins` lists them.
const std::vector<BuiltinPolicy>& builtin_policies();

/// The built-in policy called `name`, or null.
const BuiltinPolicy* find_builtin_policy(std::string_view name);

}  // namespace sockserv::core
