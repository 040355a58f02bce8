#include "loader/loaded_library.hpp"

#include "loader/library.hpp"
#include "loader/manifest_check.hpp"

namespace sockserv::loader {

LoadedLibrary open_sockserv_library(const std::filesystem::path& path) {
  auto library = open_library(path);
  const sockserv_manifest& manifest = read_manifest(*library, path);
  check_compatible(manifest, path);
  return LoadedLibrary{path, std::move(library), &manifest};
}

}  // namespace sockserv::loader
