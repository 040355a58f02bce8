#include "config/listen_reader.hpp"

#include <sockserv/endpoint.hpp>

namespace sockserv::config {
namespace {

constexpr std::string_view listen_example =
    "an endpoint like tcp://127.0.0.1:8080, udp://0.0.0.0:5353 or unix:///run/app.sock, "
    "or a list of them like [tcp://127.0.0.1:7070, udp://127.0.0.1:7070]";

bool read_one(NodeReader& reader, const YAML::Node& item, Location at, const std::string& path,
              ServerConfig& server) {
  if (!item.IsScalar() || item.Scalar().empty()) {
    reader.error(at, path, "expected " + std::string(listen_example) + ", got " + describe(item));
    return false;
  }
  try {
    server.listen.push_back({Endpoint::parse(item.Scalar()), at});
    return true;
  } catch (const EndpointError& e) {
    reader.error(at, path, e.what());
    return false;
  }
}

/// Port 0 (a free port each time) never clashes.
bool may_clash(const Endpoint& e) { return !e.path.empty() || e.port != 0; }

std::string at_text(const Location& where) {
  return "line " + std::to_string(where.line) + ", column " + std::to_string(where.column);
}

/// The first earlier use of `listen` (server i's endpoint j) and its message; empty if none.
std::string earlier_use(const std::vector<const ServerConfig*>& servers, std::size_t i,
                        std::size_t j) {
  const Listen& l = servers[i]->listen[j];
  for (std::size_t k = 0; k < j; ++k)
    if (servers[i]->listen[k].endpoint == l.endpoint)
      return "endpoint " + l.endpoint.to_string() + " is listed twice (first at " +
             at_text(servers[i]->listen[k].where) + "); list each endpoint once";
  for (std::size_t s = 0; s < i; ++s)
    for (const Listen& first : servers[s]->listen)
      if (first.endpoint == l.endpoint)
        return "endpoint " + l.endpoint.to_string() + " is already used by server '" +
               servers[s]->name + "' (" + at_text(first.where) + "); give each server its own";
  return "";
}

}  // namespace

bool read_listen(NodeReader& reader, const Entry& entry, ServerConfig& server) {
  if (!entry.value.IsSequence())
    return read_one(reader, entry.value, reader.where(entry), entry.path, server);
  if (entry.value.size() == 0) {
    reader.error(reader.where(entry), entry.path,
                 "an empty list; give at least one endpoint, as " + std::string(listen_example));
    return false;
  }
  bool ok = true;
  for (const YAML::Node& item : entry.value)
    ok = read_one(reader, item, reader.where(item), entry.path, server) && ok;
  return ok;
}

void check_duplicate_endpoints(NodeReader& reader, const std::vector<const ServerConfig*>& servers) {
  for (std::size_t i = 0; i < servers.size(); ++i)
    for (std::size_t j = 0; j < servers[i]->listen.size(); ++j) {
      const Listen& l = servers[i]->listen[j];
      if (!may_clash(l.endpoint)) continue;
      if (auto message = earlier_use(servers, i, j); !message.empty())
        reader.error(l.where, "servers." + servers[i]->name + ".listen", message);
    }
}

std::vector<Endpoint> endpoints(const ServerConfig& server) {
  std::vector<Endpoint> out;
  for (const Listen& l : server.listen) out.push_back(l.endpoint);
  return out;
}

std::string endpoints_text(const ServerConfig& server) {
  std::string out;
  for (const Listen& l : server.listen) out += (out.empty() ? "" : ", ") + l.endpoint.to_string();
  return out;
}

}  // namespace sockserv::config
