// A stream-only plugin declaring one option of each checked kind, so config tests can
// provoke every option error: wrong type, out of range, not a choice, unknown key.
#include <sockserv/plugin.hpp>

namespace {

class OptionsPlugin : public sockserv::Plugin {
 public:
  explicit OptionsPlugin(const sockserv::PluginContext&) {}

  static sockserv::PluginInfo info() {
    using sockserv::OptionType;
    return {"options_plugin",
            "0.1.0",
            "declares options; serves tcp and unix only",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
            {{"count", OptionType::integer, "3", "how many", "1", "10"},
             {"max_line", OptionType::size, "4KiB", "longest line", "16", "1MiB"},
             {"timeout", OptionType::duration, "30s", "idle limit", "1s", "1h"},
             {"mode", OptionType::string, "fast", "how", "", "", {"fast", "safe"}},
             {"verbose", OptionType::boolean, "false", "talk more"}}};
  }
};

}  // namespace

SOCKSERV_PLUGIN(OptionsPlugin)
