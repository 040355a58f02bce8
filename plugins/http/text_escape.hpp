#pragma once
// Escaping text for the places a response or a log line puts it.

#include <string>
#include <string_view>

namespace httpd {

/// Appends `text` with & < > " ' written as HTML character references.
void append_html_escaped(std::string& out, std::string_view text);
/// Appends `text` percent-encoded for a URL path segment: every byte but the RFC 3986
/// unreserved ones (A-Z a-z 0-9 - . _ ~) becomes %XX, so "/" and ":" are encoded too.
void append_percent_encoded(std::string& out, std::string_view text);
/// Appends `text` for a quoted log field: bytes outside printable ASCII, '"' and '\'
/// become \xHH, so a request line cannot forge or split a log line.
void append_log_escaped(std::string& out, std::string_view text);

}  // namespace httpd
