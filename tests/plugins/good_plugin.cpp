// A well-formed handler plugin whose behaviour depends on an option, so a test can tell
// that its own code (not the SDK's default) answered.
#include <sockserv/plugin.hpp>

namespace {

class GoodPlugin : public sockserv::Plugin {
 public:
  explicit GoodPlugin(const sockserv::PluginContext& context)
      : allow_(context.options.get_bool("allow")) {}

  static sockserv::PluginInfo info() {
    return {"good_plugin", "1.2.3", "a plugin the loader accepts", sockserv::TransportSet::all(),
            {{"allow", sockserv::OptionType::boolean, "true", "answer of verify_request"},
             {"greeting", sockserv::OptionType::string, "hello", "unused"}}};
  }

  bool verify_request(const sockserv::Address&) override { return allow_; }

 private:
  bool allow_;
};

}  // namespace

SOCKSERV_PLUGIN(GoodPlugin)
