// embed: a Server from C++, no YAML — upper-cases each line back to its sender.
#include <sockserv/sockserv.hpp>

#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>

namespace {
class Upper final : public sockserv::StreamHandler {
  void handle(sockserv::Stream& stream) override {
    while (auto line = stream.read_line()) {
      for (char& c : *line) c = char(std::toupper(static_cast<unsigned char>(c)));
      stream.write_all(*line + "\n");
    }
  }
};

struct UpperPlugin final : sockserv::Plugin {
  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<Upper>();
  }
};

std::atomic<sockserv::Server*> running{nullptr};  // request_shutdown is async-signal-safe
void stop(int) { if (sockserv::Server* s = running.load()) s->request_shutdown(); }
}  // namespace

int main() {
  sockserv::Server server({.name = "embed", .listen = "tcp://127.0.0.1:0",
                           .plugin = std::make_shared<UpperPlugin>(),
                           .policy = sockserv::make_threading_policy()});
  running = &server;
  for (int sig : {SIGINT, SIGTERM}) std::signal(sig, stop);
  std::printf("listening on %s\n", server.endpoint().to_string().c_str());
  std::fflush(stdout);  // a pipe is block-buffered: whoever waits for the port needs it now
  server.serve_forever();
  running = nullptr;
}
