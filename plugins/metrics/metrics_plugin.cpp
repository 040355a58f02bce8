// metrics: serves every server's counters (sockserv/metrics.hpp) in the Prometheus text
// format over HTTP, at GET /metrics. See docs/plugins/metrics.md.
#include "scrape.hpp"

#include <sockserv/plugin.hpp>

#include <memory>

namespace metrics {
namespace {

class MetricsPlugin final : public sockserv::Plugin {
 public:
  explicit MetricsPlugin(const sockserv::PluginContext& context) {
    settings_.path = context.options.get_string("url_path");
    settings_.timeout = context.options.get_duration("timeout");
    if (!settings_.path.starts_with('/'))
      throw sockserv::Error("option 'url_path' must start with '/', got '" + settings_.path + "'");
  }

  static sockserv::PluginInfo info() {
    using sockserv::OptionType;
    return {"metrics",
            "1.0.0",
            "serves every server's counters to Prometheus (text format 0.0.4) over HTTP",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
            {
                {"url_path", OptionType::string, "/metrics", "the path the metrics are served at"},
                {"timeout", OptionType::duration, "30s",
                 "how long a connection may wait for its next request", "1ms", "1h"},
            }};
  }

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<Scrape>(settings_);
  }

 private:
  Settings settings_;
};

}  // namespace
}  // namespace metrics

SOCKSERV_PLUGIN(metrics::MetricsPlugin)
