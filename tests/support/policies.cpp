#include "support/policies.hpp"

#include "core/builtin_policies.hpp"
#include "core/spdlog_logger.hpp"

#include <sockserv/error.hpp>

namespace sockserv::test {

std::vector<std::string> all_policies() {
  std::vector<std::string> names;
  for (const auto& p : core::builtin_policies()) names.push_back(p.info.name);
  return names;
}

std::unique_ptr<Policy> make_policy(const std::string& name, std::int64_t max_threads) {
  const auto* builtin = core::find_builtin_policy(name);
  if (!builtin) throw Error("no built-in policy '" + name + "'");
  PolicyContext context{"test", {}, core::make_logger("test-policy")};
  for (const auto& spec : builtin->info.options)
    if (spec.type == OptionType::integer) context.options.set(spec.name, std::int64_t{0});
  if (max_threads != 0) context.options.set("max_threads", max_threads);
  return builtin->make(context);
}

}  // namespace sockserv::test
