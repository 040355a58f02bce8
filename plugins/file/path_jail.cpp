#include "path_jail.hpp"

#include <vector>

namespace file_plugin {

namespace fs = std::filesystem;

bool valid_name_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    std::size_t extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2
                                     : (c >> 3) == 0x1E ? 3 : 4;
    if (extra == 4 || (extra == 1 && c < 0xC2) || i + extra >= text.size())
      return false;
    for (std::size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    i += extra + 1;
  }
  return true;
}

std::optional<std::string> resolve_virtual(std::string_view cwd, std::string_view arg) {
  if (!valid_name_text(arg)) return std::nullopt;
  std::vector<std::string_view> parts;
  auto add = [&](std::string_view path) {
    while (!path.empty()) {
      auto slash = path.find('/');
      auto part = path.substr(0, slash);
      path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
      if (part.empty() || part == ".") continue;
      if (part == "..") {
        if (!parts.empty()) parts.pop_back();  // ".." at the top stays at the top
        continue;
      }
      parts.push_back(part);
    }
  };
  if (!arg.starts_with('/')) add(cwd);
  add(arg);
  std::string out;
  for (auto part : parts) (out += '/') += part;
  return out.empty() ? std::string("/") : out;
}

std::string base_name(std::string_view virtual_path) {
  auto slash = virtual_path.rfind('/');
  return std::string(slash == std::string_view::npos ? virtual_path
                                                     : virtual_path.substr(slash + 1));
}

PathJail::PathJail(const fs::path& root) : root_(fs::canonical(root)) {}

bool PathJail::inside(const fs::path& canonical) const {
  auto r = root_.native();
  auto c = canonical.native();
  return c == r || (c.starts_with(r) && (r.ends_with('/') || c[r.size()] == '/'));
}

std::optional<fs::path> PathJail::real(std::string_view virtual_path) const {
  fs::path path = root_;
  if (virtual_path.size() > 1) path /= fs::path(virtual_path.substr(1));
  std::error_code error;
  // weakly_canonical follows every symlink among the parts that exist, so a link that
  // points out of the root shows up here as a path outside it.
  fs::path resolved = fs::weakly_canonical(path, error);
  if (error || !inside(resolved)) return std::nullopt;
  return path;
}

}  // namespace file_plugin
