// A stream-only plugin declaring one option of each checked kind, so config tests can
// provoke every option error: wrong type, out of range, not a choice, unknown key; and a
// check() of the server's shape, so they can see its problems reported.
#include <sockserv/plugin.hpp>

#include <string>
#include <vector>

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

  static std::vector<std::string> check(const sockserv::ServerShape& shape) {
    std::vector<std::string> problems;
    if (shape.options.get_string("mode") == "safe" && shape.policy == "forking")
      problems.push_back("mode: safe cannot run under policy 'forking'; use threading");
    if (shape.processes > shape.options.get_int("count"))
      problems.push_back("processes: " + std::to_string(shape.processes) +
                         " is more than count: " +
                         std::to_string(shape.options.get_int("count")));
    return problems;
  }
};

}  // namespace

SOCKSERV_PLUGIN(OptionsPlugin)
