#include "args.hpp"

#include <stdexcept>

namespace bench {

namespace {

std::string choices(const std::map<std::string, std::string>& values) {
  std::string list;
  for (const auto& [name, value] : values) list += (list.empty() ? "--" : ", --") + name;
  return list;
}

}  // namespace

Args::Args(int argc, char** argv, int first, std::map<std::string, std::string> defaults)
    : values_(std::move(defaults)) {
  for (int i = first; i < argc; i += 2) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0 || !values_.count(name.substr(2)))
      throw std::invalid_argument("unknown option '" + name + "'; valid: " + choices(values_));
    if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
    values_[name.substr(2)] = argv[i + 1];
  }
}

const std::string& Args::text(const std::string& name) const { return values_.at(name); }

std::uint64_t Args::count(const std::string& name) const {
  const std::string& v = text(name);
  std::size_t used = 0;
  unsigned long long n = 0;
  try {
    n = std::stoull(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty() || v[0] == '-')
    throw std::invalid_argument("--" + name + " must be a whole number, got '" + v + "'");
  return n;
}

double Args::seconds(const std::string& name) const {
  const std::string& v = text(name);
  std::size_t used = 0;
  double s = -1;
  try {
    s = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || s < 0)
    throw std::invalid_argument("--" + name + " must be seconds like 2 or 0.5, got '" + v + "'");
  return s;
}

}  // namespace bench
