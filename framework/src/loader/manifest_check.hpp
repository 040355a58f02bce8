#pragma once
// The checks made on a library's plain-C manifest before any C++ object crosses.

#include <sockserv/manifest.hpp>

#include <boost/dll/shared_library.hpp>

#include <filesystem>
#include <string_view>

namespace sockserv::loader {

/// The kind a handler plugin's manifest declares.
inline constexpr std::string_view handler_kind = "handler";
/// The kind a policy's manifest declares.
inline constexpr std::string_view policy_kind = "policy";

/// The manifest `library` exports; throws LoadError if it exports none.
const sockserv_manifest& read_manifest(const boost::dll::shared_library& library,
                                       const std::filesystem::path& path);

/// Throws LoadError unless `manifest` is a sockserv manifest built for this ABI, compiler
/// and standard library. Says both sides of any difference.
void check_compatible(const sockserv_manifest& manifest, const std::filesystem::path& path);

/// Throws LoadError unless `manifest` declares `kind` ("handler" or "policy").
void check_kind(const sockserv_manifest& manifest, const std::filesystem::path& path,
                std::string_view kind);

}  // namespace sockserv::loader
