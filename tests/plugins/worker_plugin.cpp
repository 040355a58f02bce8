// A stream plugin for the supervisor's tests. Each line is a command:
//   "pid"    answers the pid of the process serving it, so tests can tell workers apart
//   "tag"    answers the `tag` option, so tests can tell configs apart
//   "crash"  kills its own process with SIGSEGV, as a plugin bug would
//   "throw"  throws from handle(): a handler error, counted in the metrics
//   other    echoed back
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <string>

namespace {

class WorkerStream final : public sockserv::StreamHandler {
 public:
  explicit WorkerStream(const std::string& tag) : tag_(tag) {}

  void handle(sockserv::Stream& stream) override {
    while (auto line = stream.read_line()) stream.write_all(answer(*line) + "\n");
  }

 private:
  std::string answer(const std::string& command) {
    if (command == "pid") return std::to_string(::getpid());
    if (command == "tag") return tag_;
    if (command == "crash") crash();
    if (command == "throw") throw std::runtime_error("asked to throw");
    return command;
  }

  [[noreturn]] static void crash() {
    ::prctl(PR_SET_DUMPABLE, 0);  // a test's crash leaves no core file behind
    std::signal(SIGSEGV, SIG_DFL);
    std::raise(SIGSEGV);
    ::_exit(1);  // not reached
  }

  std::string tag_;
};

class WorkerPlugin final : public sockserv::Plugin {
 public:
  explicit WorkerPlugin(const sockserv::PluginContext& context)
      : tag_(context.options.get_string("tag")) {}

  static sockserv::PluginInfo info() {
    return {"worker_plugin",
            "1.0.0",
            "answers its pid and tag; crashes on request",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
            {{"tag", sockserv::OptionType::string, "none", "answer to the 'tag' command"}}};
  }

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<WorkerStream>(tag_);
  }

 private:
  std::string tag_;
};

}  // namespace

SOCKSERV_PLUGIN(WorkerPlugin)
