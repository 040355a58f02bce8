#include "config/limits_reader.hpp"

#include "config/did_you_mean.hpp"
#include "config/units.hpp"

#include <sockserv/error.hpp>

namespace sockserv::config {
namespace {

constexpr std::string_view limits_example =
    "a map like {max_connections: 10000, per_source: 100, idle_timeout: 30s}";
constexpr std::string_view access_example =
    "an address or CIDR block, or a list of them, like [127.0.0.0/8, \"::1\"]";
const std::vector<std::string> overload_choices{"reject", "queue"};

/// A count where 0 means "no limit".
void read_count(NodeReader& reader, const Entry& entry, std::size_t& out,
                std::string_view zero_means) {
  std::string what = "a whole number 0 or more (0: " + std::string(zero_means) + "), like 100";
  auto text = reader.scalar(entry, what);
  if (!text) return;
  auto n = parse_integer(*text);
  if (!n || *n < 0) {
    reader.error(reader.where(entry), entry.path, "expected " + what + ", got '" + *text + "'");
    return;
  }
  out = std::size_t(*n);
}

void read_overload(NodeReader& reader, const Entry& entry, Overload& out) {
  auto text = reader.scalar(entry, "reject or queue");
  if (!text) return;
  if (*text == "reject") {
    out = Overload::reject;
  } else if (*text == "queue") {
    out = Overload::queue;
  } else {
    reader.error(reader.where(entry), entry.path,
                 "unknown overload action '" + *text + "'" + did_you_mean(*text, overload_choices) +
                     " (valid: reject, to close new connections at once; queue, to hold them "
                     "until a connection ends)");
  }
}

}  // namespace

const std::vector<std::string>& limits_keys() {
  static const std::vector<std::string> keys{"max_connections", "on_overload", "queue",
                                             "per_source", "idle_timeout"};
  return keys;
}

void read_limits(NodeReader& reader, const Entry& entry, Limits& limits) {
  if (!reader.expect_map(entry, limits_example)) return;
  auto keys = reader.known_entries(entry.value, entry.path, limits_keys());
  if (auto it = keys.find("max_connections"); it != keys.end())
    read_count(reader, it->second, limits.max_connections, "no limit");
  if (auto it = keys.find("on_overload"); it != keys.end())
    read_overload(reader, it->second, limits.on_overload);
  if (auto it = keys.find("queue"); it != keys.end())
    read_count(reader, it->second, limits.queue, "reject as soon as max_connections are open");
  if (auto it = keys.find("per_source"); it != keys.end())
    read_count(reader, it->second, limits.per_source, "no limit");
  if (auto it = keys.find("idle_timeout"); it != keys.end())
    limits.idle_timeout = reader.duration(it->second).value_or(limits.idle_timeout);
}

void read_access_list(NodeReader& reader, const Entry& entry, AccessList& access) {
  bool allow = entry.key == "allow";
  std::vector<YAML::Node> items;
  if (entry.value.IsSequence()) {
    for (const YAML::Node& item : entry.value) items.push_back(item);
    if (items.empty())
      reader.error(reader.where(entry), entry.path,
                   std::string("an empty list; give at least one address, or remove the key") +
                       (allow ? " to let every address connect" : ""));
  } else {
    items.push_back(entry.value);
  }
  for (const YAML::Node& item : items) {
    Location at = item.IsNull() ? reader.where(entry) : reader.where(item);
    if (!item.IsScalar() || item.Scalar().empty()) {
      reader.error(at, entry.path,
                   "expected " + std::string(access_example) + ", got " + describe(item));
      continue;
    }
    try {
      Cidr block = Cidr::parse(item.Scalar());
      allow ? access.allow(block) : access.deny(block);
    } catch (const Error& e) {
      reader.error(at, entry.path, e.what());
    }
  }
}

}  // namespace sockserv::config
