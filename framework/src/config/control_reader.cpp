#include "config/control_reader.hpp"

#include "config/resolve_path.hpp"

#include <sys/un.h>

namespace sockserv::config {
namespace {

constexpr std::string_view control_example =
    "a path for the control socket, like /run/sockserv/control.sock (relative paths resolve "
    "against this file's folder)";

/// What is wrong with `resolved` as a socket path; empty if nothing.
std::string problem(const std::string& text, const std::filesystem::path& resolved) {
  if (text.find("://") != std::string::npos)
    return "expected a file path, not an endpoint: write '" + text.substr(text.find("://") + 3) +
           "' without the scheme";
  if (text.back() == '/')
    return "'" + text + "' names a folder; name the socket file in it, like " + text +
           "control.sock";
  constexpr std::size_t limit = sizeof(sockaddr_un{}.sun_path) - 1;
  if (resolved.native().size() > limit)
    return "the path '" + resolved.string() + "' is " + std::to_string(resolved.native().size()) +
           " bytes long; a Unix socket path holds at most " + std::to_string(limit) +
           ": choose a shorter one";
  return "";
}

}  // namespace

void read_control(NodeReader& reader, const Entry& entry, Config& config) {
  Location at = reader.where(entry);
  auto text = reader.scalar(entry, control_example);
  if (!text) return;
  if (text->empty()) {
    reader.error(at, entry.path, "expected " + std::string(control_example) + ", got nothing");
    return;
  }
  auto resolved = resolve_path(config.base_dir, *text);
  if (auto why = problem(*text, resolved); !why.empty()) {
    reader.error(at, entry.path, why);
    return;
  }
  config.control = resolved;
  config.control_where = at;
}

void check_control_clash(NodeReader& reader, const Config& config) {
  if (config.control.empty()) return;
  for (const ServerConfig& server : config.servers)
    for (const Listen& l : server.listen)
      if (!l.endpoint.path.empty() &&
          std::filesystem::path(l.endpoint.path).lexically_normal() == config.control)
        reader.error(config.control_where, "control",
                     "'" + config.control.string() + "' is also the endpoint of server '" +
                         server.name + "' (line " + std::to_string(l.where.line) +
                         "); give the control socket a path of its own");
}

}  // namespace sockserv::config
