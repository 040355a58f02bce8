#include "core/builtin_policies.hpp"
#include "launcher/commands.hpp"
#include "launcher/resolve.hpp"
#include "loader/loader.hpp"

#include <algorithm>
#include <iostream>

namespace sockserv::launcher {
namespace {

void print_options(const std::vector<OptionSpec>& options) {
  for (const auto& o : options) {
    std::cout << "      " << o.name << " (" << to_string(o.type);
    if (o.required) std::cout << ", required";
    else std::cout << ", default '" << o.default_value << "'";
    if (!o.min.empty()) std::cout << ", min " << o.min;
    if (!o.max.empty()) std::cout << ", max " << o.max;
    if (!o.choices.empty()) {
      std::cout << ", one of:";
      for (const auto& c : o.choices) std::cout << " " << c;
    }
    std::cout << "): " << o.help << "\n";
  }
}

void print_plugin(const loader::LoadedPlugin& p) {
  std::cout << "  " << p.info.name << " " << p.info.version << "  " << p.path.string() << "\n"
            << "      " << p.info.description << "\n"
            << "      transports: " << to_string(p.info.transports) << "\n";
  print_options(p.info.options);
}

void print_policy(const PolicyInfo& info, const std::string& where) {
  std::cout << "  " << info.name << " " << info.version << "  " << where << "\n"
            << "      " << info.description << "\n";
  print_options(info.options);
}

}  // namespace

int plugins_command(const std::vector<std::filesystem::path>& given) {
  auto dirs = given;
  if (std::find(dirs.begin(), dirs.end(), default_plugin_dir()) == dirs.end())
    dirs.push_back(default_plugin_dir());
  auto found = loader::scan(dirs);
  std::cout << "handler plugins:\n";
  for (const auto& f : found)
    if (auto* p = std::get_if<loader::LoadedPlugin>(&f.result)) print_plugin(*p);
  std::cout << "policies:\n";
  for (const auto& b : core::builtin_policies()) print_policy(b.info, "(built in)");
  for (const auto& f : found)
    if (auto* p = std::get_if<loader::LoadedPolicy>(&f.result)) print_policy(p->info, p->path.string());
  bool rejected = false;
  for (const auto& f : found)
    if (auto* e = std::get_if<loader::LoadError>(&f.result)) {
      if (!rejected) std::cout << "rejected:\n";
      rejected = true;
      std::cout << "  " << e->what() << "\n";
    }
  std::cout << "searched: ";
  for (std::size_t i = 0; i < dirs.size(); ++i) std::cout << (i ? ", " : "") << dirs[i].string();
  std::cout << "\n";
  return 0;
}

}  // namespace sockserv::launcher
