#include "launcher/control_replies.hpp"

#include "launcher/json_writer.hpp"

#include <sockserv/version.hpp>

#include <algorithm>

namespace sockserv::launcher {
namespace {

JsonWriter& counters(JsonWriter& j, const ServerMetrics& m) {
  j.key("counters").begin_object();
  j.key("accepted").value(m.accepted).key("active").value(m.active);
  j.key("refused").begin_object();
  j.key("access").value(m.refused_access).key("per_source").value(m.refused_per_source);
  j.key("overload").value(m.refused_overload).key("plugin").value(m.refused_plugin);
  j.end_object();
  j.key("handler_errors").value(m.handler_errors);
  j.key("bytes_in").value(m.bytes_in).key("bytes_out").value(m.bytes_out);
  return j.end_object();
}

JsonWriter& pids(JsonWriter& j, const ServerGroup& g) {
  j.key("pids").begin_array();
  for (pid_t pid : g.pids()) j.value(int(pid));
  return j.end_array();
}

void server(JsonWriter& j, const ServerGroup& g, const std::vector<ServerMetrics>& metrics) {
  const ResolvedServer& s = g.server();
  auto m = std::find_if(metrics.begin(), metrics.end(),
                        [&](const ServerMetrics& x) { return x.name == g.name(); });
  ServerMetrics counted = m == metrics.end() ? ServerMetrics{} : *m;
  j.begin_object().key("name").value(g.name());
  j.key("endpoints").begin_array();
  for (const auto& e : g.bound_endpoints()) j.value(e.to_string());
  j.end_array();
  j.key("plugin").begin_object().key("name").value(s.plugin.info.name);
  j.key("version").value(s.plugin.info.version).key("path").value(s.plugin.path.string());
  j.end_object();
  j.key("policy").value(s.policy.info.name);
  j.key("processes").value(std::max(1, s.config.processes));
  pids(j, g).key("restarts").value(counted.restarts);
  counters(j, counted).end_object();
}

/// `names` without the servers in `failures`.
std::vector<std::string> applied(const std::vector<std::string>& names,
                                 const std::vector<ReloadFailure>& failures) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (std::none_of(failures.begin(), failures.end(),
                     [&](const ReloadFailure& f) { return f.server == n; }))
      out.push_back(n);
  return out;
}

std::string count_text(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string valid_commands() { return "status, reload, stop"; }

std::string error_reply(std::string_view message) {
  JsonWriter j;
  j.begin_object().key("ok").value(false).key("error").value(message).end_object();
  return j.text();
}

std::string unknown_command_reply(std::string_view command) {
  return error_reply("unknown command '" + std::string(command) +
                     "'; valid commands: " + valid_commands());
}

std::string status_reply(const SupervisorStatus& self, const Groups& groups,
                         const Groups& retiring, const std::vector<ServerMetrics>& metrics) {
  JsonWriter j;
  j.begin_object().key("ok").value(true).key("version").value(SOCKSERV_VERSION);
  j.key("pid").value(int(self.pid)).key("config").value(self.config.string());
  j.key("uptime_seconds").value(std::chrono::duration<double>(self.uptime).count());
  j.key("stopping").value(self.stopping);
  j.key("servers").begin_array();
  for (const auto& g : groups) server(j, *g, metrics);
  j.end_array().key("draining").begin_array();
  for (const auto& g : retiring) {
    j.begin_object().key("name").value(g->name());
    pids(j, *g).end_object();
  }
  j.end_array().end_object();
  return j.text();
}

std::string reload_reply(const ReloadOutcome& outcome) {
  if (!outcome.refused.empty()) return error_reply(outcome.refused);
  JsonWriter j;
  j.begin_object().key("ok").value(outcome.errors.empty() && outcome.failures.empty());
  if (!outcome.errors.empty()) {
    j.key("error").value(count_text(outcome.errors.size(), "error", "errors") +
                         " in the config; the running servers go on unchanged");
    j.key("errors").begin_array();
    for (const auto& e : outcome.errors) j.value(e.to_string());
    return j.end_array().end_object().text();
  }
  if (!outcome.failures.empty()) {
    j.key("error").value(count_text(outcome.failures.size(), "server", "servers") +
                         " could not be bound (each keeps its old config, or is not started); "
                         "the rest of the reload is done");
    j.key("failed").begin_array();
    for (const auto& f : outcome.failures)
      j.begin_object().key("server").value(f.server).key("error").value(f.error).end_object();
    j.end_array();
  }
  const ReloadPlan& p = outcome.plan;
  j.key("kept").strings(p.unchanged);
  j.key("restarted").strings(applied(p.changed, outcome.failures));
  j.key("started").strings(applied(p.added, outcome.failures));
  j.key("stopped").strings(p.removed);
  return j.end_object().text();
}

std::string stop_reply() {
  JsonWriter j;
  j.begin_object().key("ok").value(true).key("stopping").value(true).end_object();
  return j.text();
}

}  // namespace sockserv::launcher
