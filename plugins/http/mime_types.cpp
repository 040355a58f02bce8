#include "mime_types.hpp"

#include <array>
#include <utility>

namespace httpd {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 22> types = {{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/vnd.microsoft.icon"},
    {"wasm", "application/wasm"},
    {"txt", "text/plain; charset=utf-8"},
    {"md", "text/markdown; charset=utf-8"},
    {"pdf", "application/pdf"},
    {"xml", "text/xml; charset=utf-8"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"mp4", "video/mp4"},
    {"csv", "text/csv; charset=utf-8"},
}};

constexpr std::string_view fallback = "application/octet-stream";

bool equal_ignoring_case(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view mime_type(std::string_view name) noexcept {
  std::size_t slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return fallback;  // ".bashrc" has no extension
  std::string_view extension = name.substr(dot + 1);
  for (const auto& [ext, type] : types)
    if (equal_ignoring_case(extension, ext)) return type;
  return fallback;
}

}  // namespace httpd
