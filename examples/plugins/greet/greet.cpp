// greet: answers each line NAME with "GREETING, NAME!". A plugin built out of tree with
// find_package(sockserv) and tested with the SDK's harness (greet_test.cpp).
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>

#include <string>

namespace {

class GreetHandler final : public sockserv::StreamHandler {
 public:
  explicit GreetHandler(std::string greeting) : greeting_(std::move(greeting)) {}
  void handle(sockserv::Stream& stream) override {
    while (auto name = stream.read_line(1024))  // nullopt: the client closed
      stream.write_all(greeting_ + ", " + (name->empty() ? "stranger" : *name) + "!\n");
  }

 private:
  std::string greeting_;
};

class Greet final : public sockserv::Plugin {
 public:
  explicit Greet(const sockserv::PluginContext& c) : greeting_(c.options.get_string("greeting")) {}
  static sockserv::PluginInfo info() {
    return {"greet", "1.0.0", "answers each line NAME with GREETING, NAME!",
            {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
            {{"greeting", sockserv::OptionType::string, "hello", "the word before the name"}}};
  }
  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<GreetHandler>(greeting_);
  }

 private:
  std::string greeting_;
};

}  // namespace

SOCKSERV_PLUGIN(Greet)
