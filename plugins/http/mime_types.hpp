#pragma once
// Content-Type by file extension.

#include <string_view>

namespace httpd {

/// The Content-Type of a file named `name` (a path or a bare name), from its extension,
/// compared without regard to case; text types carry "; charset=utf-8". Unknown or no
/// extension: "application/octet-stream".
std::string_view mime_type(std::string_view name) noexcept;

}  // namespace httpd
