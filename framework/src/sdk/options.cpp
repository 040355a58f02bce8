#include <sockserv/options.hpp>

namespace sockserv {

const char* to_string(OptionType type) noexcept {
  switch (type) {
    case OptionType::boolean: return "bool";
    case OptionType::integer: return "integer";
    case OptionType::size: return "size";
    case OptionType::duration: return "duration";
    case OptionType::string: return "string";
    case OptionType::path: return "path";
    case OptionType::string_list: return "list of strings";
  }
  return "?";
}

void Options::set(const std::string& name, OptionValue value) {
  values_.insert_or_assign(name, std::move(value));
}

bool Options::has(const std::string& name) const { return values_.count(name) != 0; }

template <class T>
const T& Options::get(const std::string& name, OptionType type) const {
  auto it = values_.find(name);
  if (it == values_.end())
    throw Error("option '" + name + "' was not declared (a plugin bug: declare it in info())");
  if (const T* value = std::get_if<T>(&it->second)) return *value;
  throw Error("option '" + name + "' is not of type " + to_string(type) + " (a plugin bug)");
}

bool Options::get_bool(const std::string& n) const { return get<bool>(n, OptionType::boolean); }
std::int64_t Options::get_int(const std::string& n) const {
  return get<std::int64_t>(n, OptionType::integer);
}
std::uint64_t Options::get_size(const std::string& n) const {
  return get<std::uint64_t>(n, OptionType::size);
}
Duration Options::get_duration(const std::string& n) const {
  return get<Duration>(n, OptionType::duration);
}
const std::string& Options::get_string(const std::string& n) const {
  return get<std::string>(n, OptionType::string);
}
const std::filesystem::path& Options::get_path(const std::string& n) const {
  return get<std::filesystem::path>(n, OptionType::path);
}
const std::vector<std::string>& Options::get_list(const std::string& n) const {
  return get<std::vector<std::string>>(n, OptionType::string_list);
}

}  // namespace sockserv
