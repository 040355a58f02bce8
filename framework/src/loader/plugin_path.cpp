#include "loader/loaded_library.hpp"
#include "loader/loader.hpp"
#include "loader/manifest_check.hpp"

#include <algorithm>
#include <string_view>
#include <system_error>

namespace sockserv::loader {
namespace {

namespace fs = std::filesystem;

// The *.so regular files directly in `dir`, sorted; none if it cannot be read.
std::vector<fs::path> libraries_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && it->path().extension() == ".so") {
      files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

Found load_any(const fs::path& path) {
  try {
    const LoadedLibrary loaded = open_sockserv_library(path);
    if (std::string_view(loaded.manifest->kind ? loaded.manifest->kind : "") == policy_kind) {
      return Found{path, load_policy(loaded)};
    }
    return Found{path, load_plugin(loaded)};
  } catch (const LoadError& e) {
    return Found{path, e};
  }
}

}  // namespace

std::optional<fs::path> find_on_path(const std::string& name,
                                     const std::vector<fs::path>& plugin_path) {
  for (const fs::path& dir : plugin_path) {
    fs::path candidate = dir / (name + ".so");
    std::error_code ec;
    if (fs::exists(candidate, ec)) return candidate;
  }
  return std::nullopt;
}

std::vector<Found> scan(const std::vector<fs::path>& dirs) {
  std::vector<Found> found;
  for (const fs::path& dir : dirs) {
    for (const fs::path& path : libraries_in(dir)) found.push_back(load_any(path));
  }
  return found;
}

}  // namespace sockserv::loader
