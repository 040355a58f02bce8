// examples/shout/shout.cpp — answers every line in capitals. The README's plugin, built
// and served by CTest so the README cannot drift from the SDK.
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

#include <cctype>

class ShoutHandler : public sockserv::StreamHandler {
 public:
  explicit ShoutHandler(std::size_t max_line) : max_line_(max_line) {}
  void handle(sockserv::Stream& stream) override {
    while (auto line = stream.read_line(max_line_)) {   // nullopt: the client closed
      for (char& c : *line) c = char(std::toupper(static_cast<unsigned char>(c)));
      stream.write_all(*line + "\n");
    }
  }
 private:
  std::size_t max_line_;
};

class Shout : public sockserv::Plugin {
 public:
  explicit Shout(const sockserv::PluginContext& c) : max_line_(c.options.get_size("max_line")) {}
  static sockserv::PluginInfo info() {
    return {"shout", "1.0.0", "answers every line in capitals",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
            {{"max_line", sockserv::OptionType::size, "4KiB", "longest line accepted", "16", "1MiB"}}};
  }
  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<ShoutHandler>(max_line_);
  }
 private:
  std::size_t max_line_;
};

SOCKSERV_PLUGIN(Shout)
