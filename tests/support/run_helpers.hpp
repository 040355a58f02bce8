#pragma once
// Helpers for tests of `sockserv run`: writing a config, and reading from the log where a
// server listens.

#include "support/process.hpp"
#include "support/test_client.hpp"

#include <sockserv/endpoint.hpp>

#include <fstream>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace sockserv::test {

/// The line the suite's configs end with. The suite runs as root in CI, and `sockserv`
/// refuses to run plugin code as root unless a config says so; tests of anything but the
/// privilege drop let it (a trailing line moves no error's line number).
inline constexpr const char* allow_root_line = "\nallow_root: true\n";

/// Writes `yaml` to DIR/name (replacing it) as given and returns the path.
inline std::string write_config_exactly(const TempDir& dir, const std::string& name,
                                        const std::string& yaml) {
  std::ofstream(dir.path() / name, std::ios::trunc) << yaml;
  return dir / name;
}

/// Writes `yaml`, then allow_root_line, to DIR/name (replacing it) and returns the path.
inline std::string write_config(const TempDir& dir, const std::string& name,
                                const std::string& yaml) {
  return write_config_exactly(dir, name, yaml + allow_root_line);
}

/// Every endpoint the process tagged `label` reported "listening on", in log order: one per
/// endpoint of a server whose `listen:` is a list.
inline std::vector<Endpoint> listening_all(const Process& p, const std::string& label) {
  std::string tag = "[" + label + "] listening on ";
  std::vector<Endpoint> out;
  for (const auto& line : p.lines_with(tag)) {
    std::smatch m;
    std::string rest = line.substr(line.find(tag) + tag.size());
    if (std::regex_search(rest, m, std::regex("^(\\S+)"))) out.push_back(Endpoint::parse(m[1].str()));
  }
  return out;
}

/// The endpoint that the process whose log lines are tagged `label` (a server's name, or
/// "NAME#I" for a worker) reported "listening on"; the first such line.
inline std::optional<Endpoint> listening(const Process& p, const std::string& label) {
  auto all = listening_all(p, label);
  if (all.empty()) return std::nullopt;
  return all.front();
}

}  // namespace sockserv::test
