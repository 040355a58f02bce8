#pragma once
// Relative paths in a config mean "next to the config file", wherever it is run from.

#include <filesystem>

namespace sockserv::config {

/// `path` if absolute, else `base_dir / path`; normalised either way.
inline std::filesystem::path resolve_path(const std::filesystem::path& base_dir,
                                          const std::filesystem::path& path) {
  if (path.is_absolute()) return path.lexically_normal();
  return (base_dir / path).lexically_normal();
}

}  // namespace sockserv::config
