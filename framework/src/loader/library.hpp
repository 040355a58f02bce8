#pragma once
// Opening a library file and importing its aliases, with every failure turned into a
// LoadError that names the file.

#include "loader/loader.hpp"

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace sockserv::loader {

/// Throws LoadError "cannot load PATH: WHAT".
[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what);

/// Opens `path` RTLD_LOCAL | RTLD_NOW; throws LoadError if it is missing or not loadable.
std::shared_ptr<boost::dll::shared_library> open_library(const std::filesystem::path& path);

/// Throws LoadError naming every alias in `names` that `library` does not export, and the
/// SDK macro (`macro`) that would have exported them.
void require_aliases(const boost::dll::shared_library& library,
                     const std::filesystem::path& path,
                     std::initializer_list<const char*> names, const char* macro);

/// The function a BOOST_DLL_ALIAS exports as `name`; the caller checked it exists.
template <class Function>
Function* import_function(const boost::dll::shared_library& library, const char* name) {
  // The SDK's macros export aliases, so they are read back as aliases: importing them as
  // plain symbols would take the alias pointer for the function (boostorg/dll issue 73).
  return &library.get_alias<Function>(name);
}

}  // namespace sockserv::loader
