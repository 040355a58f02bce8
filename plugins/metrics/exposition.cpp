#include "exposition.hpp"

#include <charconv>
#include <cstdint>

namespace metrics {
namespace {

using sockserv::ServerMetrics;
using Field = std::uint64_t ServerMetrics::*;

/// One family: a name, its type and help, and which ServerMetrics field it shows.
struct Family {
  std::string_view name;
  std::string_view type;
  std::string_view help;
  Field field;
  std::string_view reason = {};  ///< for the refused family: the `reason` label's value
};

constexpr std::string_view refused = "sockserv_connections_refused_total";

constexpr Family families[] = {
    {"sockserv_connections_accepted_total", "counter",
     "Connections accepted (datagrams received), refused ones included.",
     &ServerMetrics::accepted},
    {"sockserv_connections_active", "gauge", "Admitted requests not yet ended.",
     &ServerMetrics::active},
    {refused, "counter",
     "Connections closed (datagrams dropped) unserved, by reason: access (allow/deny), "
     "per_source, overload (max_connections), plugin (verify_request).",
     &ServerMetrics::refused_access, "access"},
    {refused, "", "", &ServerMetrics::refused_per_source, "per_source"},
    {refused, "", "", &ServerMetrics::refused_overload, "overload"},
    {refused, "", "", &ServerMetrics::refused_plugin, "plugin"},
    {"sockserv_handler_errors_total", "counter",
     "Requests whose handler ended with an exception (logged at error level).",
     &ServerMetrics::handler_errors},
    {"sockserv_received_bytes_total", "counter",
     "Bytes read from request connections, and datagrams received.", &ServerMetrics::bytes_in},
    {"sockserv_sent_bytes_total", "counter",
     "Bytes written to request connections (sendfile included), and datagram replies.",
     &ServerMetrics::bytes_out},
    {"sockserv_worker_restarts_total", "counter",
     "Worker processes the supervisor restarted after they ended.", &ServerMetrics::restarts},
    {"sockserv_processes", "gauge", "Worker processes running.", &ServerMetrics::processes},
};

void append_number(std::string& out, std::uint64_t value) {
  char digits[20];
  auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, std::size_t(end - digits));
}

void append_header(std::string& out, const Family& f) {
  out.append("# HELP ").append(f.name).append(" ").append(f.help).append("\n");
  out.append("# TYPE ").append(f.name).append(" ").append(f.type).append("\n");
}

}  // namespace

std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void render(const std::vector<ServerMetrics>& servers, std::string_view version,
            std::string& out) {
  out.clear();
  out.append("# HELP sockserv_build_info The sockserv release serving these metrics.\n");
  out.append("# TYPE sockserv_build_info gauge\n");
  out.append("sockserv_build_info{version=\"").append(escape_label(version)).append("\"} 1\n");
  for (const Family& f : families) {
    if (!f.type.empty()) append_header(out, f);  // a family's later reasons share its header
    for (const auto& s : servers) {
      out.append(f.name).append("{server=\"").append(escape_label(s.name)).append("\"");
      if (!f.reason.empty()) out.append(",reason=\"").append(f.reason).append("\"");
      out.append("} ");
      append_number(out, s.*f.field);
      out.append("\n");
    }
  }
}

}  // namespace metrics
