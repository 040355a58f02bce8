// A stream plugin for the privilege tests: it records the effective uid its code ran as in
// each place plugin code runs — its static initialiser, info(), its constructor, a handler
// — and prints the first two to stderr (where `sockserv check` shows them). A connection
// gets one line: "static=U info=U ctor=U handler=U".
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>

namespace {

long record(const char* where) {
  long euid = long(::geteuid());
  std::fprintf(stderr, "euid_probe: %s ran as euid %ld\n", where, euid);
  return euid;
}

const long static_euid = record("static initialiser");  // runs when the library is loaded
long info_euid = -1;

class ProbeStream final : public sockserv::StreamHandler {
 public:
  explicit ProbeStream(long ctor_euid) : ctor_euid_(ctor_euid) {}
  void handle(sockserv::Stream& stream) override {
    stream.write_all("static=" + std::to_string(static_euid) + " info=" +
                     std::to_string(info_euid) + " ctor=" + std::to_string(ctor_euid_) +
                     " handler=" + std::to_string(long(::geteuid())) + "\n");
  }

 private:
  long ctor_euid_;
};

class EuidProbe final : public sockserv::Plugin {
 public:
  explicit EuidProbe(const sockserv::PluginContext&) : ctor_euid_(long(::geteuid())) {}

  static sockserv::PluginInfo info() {
    info_euid = record("info()");
    return {"euid_probe", "1.0.0", "answers the uid each part of it ran as",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream}, {}};
  }

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<ProbeStream>(ctor_euid_);
  }

 private:
  long ctor_euid_;
};

}  // namespace

SOCKSERV_PLUGIN(EuidProbe)
