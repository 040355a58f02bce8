#include "loader/library.hpp"

#include <boost/dll/shared_library_load_mode.hpp>

#include <string_view>
#include <system_error>

namespace sockserv::loader {
namespace {

namespace mode = boost::dll::load_mode;

// Boost.DLL puts dlerror()'s text in its exception as "... (dlerror system message: X)";
// dlerror() itself is already consumed by then, so the text is taken back from there.
std::string dlerror_text(std::string_view what, const std::filesystem::path& path) {
  constexpr std::string_view marker = "(dlerror system message: ";
  const auto begin = what.find(marker);
  if (begin == std::string_view::npos) return std::string(what);
  std::string_view text = what.substr(begin + marker.size());
  text = text.substr(0, text.rfind(')'));
  // dlerror() repeats the file name; keep it only when the fault is in another file.
  const std::string prefix = path.string() + ": ";
  if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  return std::string(text);
}

}  // namespace

void fail(const std::filesystem::path& path, const std::string& what) {
  throw LoadError("cannot load " + path.string() + ": " + what);
}

std::shared_ptr<boost::dll::shared_library> open_library(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail(path, "no such file");
  try {
    // RTLD_NOW: an unresolved symbol is reported here, not as a crash mid-request.
    // RTLD_LOCAL: two plugins may define the same names without clashing.
    return std::make_shared<boost::dll::shared_library>(path, mode::rtld_local | mode::rtld_now);
  } catch (const boost::dll::fs::system_error& e) {
    fail(path, "not a loadable shared library: " + dlerror_text(e.what(), path));
  }
}

void require_aliases(const boost::dll::shared_library& library,
                     const std::filesystem::path& path,
                     std::initializer_list<const char*> names, const char* macro) {
  std::string missing;
  for (const char* name : names) {
    if (library.has(name)) continue;
    missing += (missing.empty() ? "'" : ", '") + std::string(name) + "'";
  }
  if (missing.empty()) return;
  fail(path, "has a sockserv manifest but exports no " + missing + " alias; export it with " +
                 macro);
}

}  // namespace sockserv::loader
