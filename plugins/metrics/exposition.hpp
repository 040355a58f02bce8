#pragma once
// The Prometheus text exposition format, version 0.0.4: `# HELP`, `# TYPE`, then
// `name{labels} value` lines, every family's HELP and TYPE before its samples.

#include <sockserv/metrics.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace metrics {

/// The Content-Type of what render() writes.
inline constexpr std::string_view content_type = "text/plain; version=0.0.4; charset=utf-8";

/// Writes every family for `servers` (one sample per server, labelled server="NAME"), and
/// sockserv_build_info{version="VERSION"} 1, into `out` (cleared first).
void render(const std::vector<sockserv::ServerMetrics>& servers, std::string_view version,
            std::string& out);

/// `value` escaped for a label value: backslash, double quote and newline.
std::string escape_label(std::string_view value);

}  // namespace metrics
