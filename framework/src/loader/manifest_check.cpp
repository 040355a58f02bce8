#include "loader/manifest_check.hpp"

#include "loader/library.hpp"

#include <cstdio>
#include <string>

namespace sockserv::loader {
namespace {

// A hand-made or corrupt manifest may hold null strings; never build a string from null.
std::string_view text(const char* s) { return s ? std::string_view(s) : "(null)"; }

std::string hex(std::uint32_t value) {
  char buffer[11];
  std::snprintf(buffer, sizeof buffer, "0x%08x", static_cast<unsigned>(value));
  return buffer;
}

void check_fingerprint(const std::filesystem::path& path, const char* what, const char* theirs,
                       std::string_view ours) {
  if (text(theirs) == ours) return;
  fail(path, std::string("built with ") + what + " '" + std::string(text(theirs)) +
                 "', this sockserv with '" + std::string(ours) + "'; rebuild the plugin with the "
                 "same " + what);
}

// What a library of `kind` is called in messages.
std::string kind_name(std::string_view kind) {
  if (kind == handler_kind) return "a handler plugin";
  if (kind == policy_kind) return "a policy";
  return "of kind '" + std::string(kind) + "'";
}

}  // namespace

const sockserv_manifest& read_manifest(const boost::dll::shared_library& library,
                                       const std::filesystem::path& path) {
  // The manifest is a plain exported variable, so it is read as a plain symbol; only the
  // factories are aliases.
  if (!library.has(SOCKSERV_MANIFEST_SYMBOL)) {
    fail(path, "is a shared library but not a sockserv plugin: it exports no '"
               SOCKSERV_MANIFEST_SYMBOL "'");
  }
  return library.get<const sockserv_manifest>(SOCKSERV_MANIFEST_SYMBOL);
}

void check_compatible(const sockserv_manifest& manifest, const std::filesystem::path& path) {
  if (manifest.magic != SOCKSERV_MANIFEST_MAGIC) {
    fail(path, "its '" SOCKSERV_MANIFEST_SYMBOL "' has magic " + hex(manifest.magic) +
                   ", not " + hex(SOCKSERV_MANIFEST_MAGIC) + ": not a sockserv manifest");
  }
  if (manifest.abi_version != SOCKSERV_ABI_VERSION) {
    fail(path, "built for sockserv ABI " + std::to_string(manifest.abi_version) +
                   ", this sockserv has ABI " + std::to_string(SOCKSERV_ABI_VERSION) +
                   "; rebuild the plugin against this SDK");
  }
  check_fingerprint(path, "compiler", manifest.compiler, SOCKSERV_COMPILER_FINGERPRINT);
  check_fingerprint(path, "standard library", manifest.stdlib, SOCKSERV_STDLIB_FINGERPRINT);
}

void check_kind(const sockserv_manifest& manifest, const std::filesystem::path& path,
                std::string_view kind) {
  if (text(manifest.kind) == kind) return;
  fail(path, "is " + kind_name(text(manifest.kind)) + ", not " + kind_name(kind));
}

}  // namespace sockserv::loader
