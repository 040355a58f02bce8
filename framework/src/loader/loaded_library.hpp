#pragma once
// A library opened and found compatible, before its kind is known: the step load_plugin,
// load_policy and scan share.

#include "loader/loader.hpp"

#include <sockserv/manifest.hpp>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>

namespace sockserv::loader {

/// An open library whose manifest matches this sockserv's ABI, compiler and stdlib.
struct LoadedLibrary {
  std::filesystem::path path;                            ///< as given
  std::shared_ptr<boost::dll::shared_library> library;  ///< open, RTLD_LOCAL | RTLD_NOW
  const sockserv_manifest* manifest;                     ///< inside `library`
};

/// Opens `path` and checks its manifest; throws LoadError.
LoadedLibrary open_sockserv_library(const std::filesystem::path& path);

/// Imports a handler plugin from `loaded`; throws LoadError (wrong kind, no factory,
/// info() threw).
LoadedPlugin load_plugin(const LoadedLibrary& loaded);
/// Imports a policy from `loaded`; throws LoadError as load_plugin does.
LoadedPolicy load_policy(const LoadedLibrary& loaded);

}  // namespace sockserv::loader
