#pragma once
// The small HTML page every error status is answered with.

#include <string>
#include <string_view>

namespace httpd {

/// Writes into `out` (replacing it) the page for `status`: its code, reason phrase and a
/// sentence of explanation; `server` signs it (HTML-escaped).
void render_error_page(std::string& out, int status, std::string_view server);

}  // namespace httpd
