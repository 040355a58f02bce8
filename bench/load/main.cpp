// sockserv-load: the benchmark's load generator. One single-threaded epoll loop per run,
// one message in flight per connection, one JSON line on stdout at the end.
#include "modes.hpp"

#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>

namespace {

const char* usage =
    "usage: sockserv-load MODE [--name value ...]\n"
    "  tcp       TCP ping-pong: --connections N --size BYTES (--duration S | --count N)\n"
    "  udp       UDP ping-pong: --connections N clients, --timeout S before a datagram is lost\n"
    "  connrate  connect, one round trip of --size bytes, close; --connections at a time\n"
    "  idle      open --connections, hold --hold S, one round trip on each;\n"
    "            --ready-file PATH is written once all are open\n"
    "common: --host 127.0.0.1 --port PORT; output: one JSON line; exit 1 if any message\n"
    "went unanswered, 2 on a setup error\n";

std::map<std::string, std::string> defaults(const std::string& mode) {
  std::map<std::string, std::string> d{{"host", "127.0.0.1"}, {"port", "0"},
                                       {"size", "64"},        {"connections", "1"},
                                       {"timeout", "5"}};
  if (mode == "idle") {
    d.insert({{"hold", "1"}, {"concurrency", "256"}, {"ready-file", ""}});
  } else {
    d.insert({{"duration", "5"}, {"count", "0"}});
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace bench;
  if (argc < 2 || !std::strcmp(argv[1], "--help")) {
    std::fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::map<std::string, int (*)(const Args&)> modes{
      {"tcp", run_tcp}, {"udp", run_udp}, {"connrate", run_connrate}, {"idle", run_idle}};
  auto mode = modes.find(argv[1]);
  if (mode == modes.end()) {
    std::fprintf(stderr, "sockserv-load: unknown mode '%s'\n%s", argv[1], usage);
    return 2;
  }
  try {
    Args args(argc, argv, 2, defaults(argv[1]));
    if (args.count("port") == 0 || args.count("port") > 65535)
      throw std::invalid_argument("--port must be 1 to 65535, got " + args.text("port"));
    return mode->second(args);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sockserv-load %s: %s\n", argv[1], e.what());
    return 2;
  }
}
