#include "support/policies.hpp"

#include "config/option_values.hpp"
#include "core/builtin_policies.hpp"
#include "core/spdlog_logger.hpp"

#include <sockserv/error.hpp>

namespace sockserv::test {

std::vector<std::string> all_policies() {
  std::vector<std::string> names;
  for (const auto& p : core::builtin_policies()) names.push_back(p.info.name);
  return names;
}

std::unique_ptr<Policy> make_policy(const std::string& name,
                                    const std::map<std::string, std::int64_t>& integers) {
  const auto* builtin = core::find_builtin_policy(name);
  if (!builtin) throw Error("no built-in policy '" + name + "'");
  config::ConfigErrors errors;  // defaults of a built-in policy never fail
  Options defaults = config::check_options(builtin->info.options, {}, "policy", {}, name, {}, errors);
  if (!errors.empty()) throw Error(errors.front().to_string());
  PolicyContext context{"test", std::move(defaults), core::make_logger("test-policy")};
  for (const auto& [option, value] : integers) context.options.set(option, value);
  return builtin->make(context);
}

}  // namespace sockserv::test
