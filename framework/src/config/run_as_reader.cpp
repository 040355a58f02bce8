#include "config/run_as_reader.hpp"

#include "config/units.hpp"

namespace sockserv::config {
namespace {

/// A user or group: a non-empty name or number; false after reporting anything else.
bool read_id(NodeReader& reader, const Entry& entry, std::string& out, Location& where,
             std::string_view what) {
  where = reader.where(entry);
  auto text = reader.scalar(entry, what);
  if (!text) return false;
  if (text->empty()) {
    reader.error(where, entry.path, "expected " + std::string(what) + ", got nothing");
    return false;
  }
  out = *text;
  return true;
}

}  // namespace

void read_run_as(NodeReader& reader, const std::map<std::string, Entry>& keys, RunAsConfig& run_as) {
  if (auto it = keys.find("user"); it != keys.end())
    read_id(reader, it->second, run_as.user, run_as.user_where,
            "a user name or numeric uid, like nobody");
  if (auto it = keys.find("group"); it != keys.end())
    read_id(reader, it->second, run_as.group, run_as.group_where,
            "a group name or numeric gid, like nogroup");
  if (auto it = keys.find("allow_root"); it != keys.end()) {
    const Entry& entry = it->second;
    run_as.allow_root_where = reader.where(entry);
    auto text = reader.scalar(entry, "true or false");
    auto value = text ? parse_bool(*text) : std::nullopt;
    if (value)
      run_as.allow_root = *value;
    else if (text)
      reader.error(run_as.allow_root_where, entry.path,
                   "expected true or false, got '" + *text + "'");
  }
}

}  // namespace sockserv::config
