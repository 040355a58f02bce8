// A plugin whose constructor throws an exception type defined (and so with its vtable) in
// this library: the loader must read it before the library can unload.
#include <sockserv/plugin.hpp>

#include <stdexcept>

namespace {

struct StartupFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ThrowingPlugin : public sockserv::Plugin {
 public:
  explicit ThrowingPlugin(const sockserv::PluginContext&) {
    throw StartupFailure("cannot open cache /nonexistent/cache.db");
  }
  static sockserv::PluginInfo info() {
    return {"throwing_ctor", "1", "fails to start", sockserv::TransportSet::all(), {}};
  }
};

}  // namespace

SOCKSERV_PLUGIN(ThrowingPlugin)
