// A plugin whose info() throws.
#include <sockserv/plugin.hpp>

#include <stdexcept>

namespace {

class ThrowingInfo : public sockserv::Plugin {
 public:
  explicit ThrowingInfo(const sockserv::PluginContext&) {}
  static sockserv::PluginInfo info() { throw std::runtime_error("option table is corrupt"); }
};

}  // namespace

SOCKSERV_PLUGIN(ThrowingInfo)
