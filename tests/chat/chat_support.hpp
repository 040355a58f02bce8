#pragma once
// Helpers of the chat tests: a chat plugin made as the launcher would make it, and a line
// client that waits for the line it expects (bounded), skipping the others.

#include "chat_plugin.hpp"
#include "settings.hpp"

#include "config/option_values.hpp"
#include "support/policies.hpp"
#include "support/recording_logger.hpp"
#include "support/server_thread.hpp"
#include "support/test_client.hpp"

#include <sockserv/error.hpp>

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace sockserv::test {

/// The chat plugin with every option at its default but those in `overrides` (YAML text),
/// serving `transport` and, if given, `also` (a server with two endpoints).
inline std::shared_ptr<chat::ChatPlugin> make_chat(
    Transport transport, const std::map<std::string, std::string>& overrides = {},
    std::shared_ptr<Logger> log = std::make_shared<RecordingLogger>(),
    std::optional<Transport> also = std::nullopt) {
  std::map<std::string, config::RawOption> raw;
  for (const auto& [name, value] : overrides) {
    config::RawOption o;
    o.key_path = "handler." + name;
    o.scalar = value;
    raw[name] = o;
  }
  config::ConfigErrors errors;
  Options options =
      config::check_options(chat::option_specs(), raw, "handler", {}, "plugin 'chat'", {}, errors);
  if (!errors.empty()) throw Error(errors.front().to_string());
  TransportSet transports{transport};
  if (also) transports.add(*also);
  return std::make_shared<chat::ChatPlugin>(
      PluginContext{"chat", transport, options, log, transports});
}

/// A chat server on a free loopback port, in this process.
inline ServerOptions chat_server(std::shared_ptr<Plugin> plugin, const std::string& listen,
                                 const std::string& policy) {
  ServerOptions o;
  o.name = "chat";
  o.listen = listen;
  o.plugin = std::move(plugin);
  o.plugin_name = "chat";
  o.policy = make_policy(policy);
  o.shutdown_timeout = std::chrono::seconds(2);
  o.log = std::make_shared<RecordingLogger>();
  return o;
}

/// A TCP chat member, as a person at `nc` would be.
class ChatClient {
 public:
  explicit ChatClient(const Endpoint& endpoint) : client_(endpoint) {}

  /// Connects, answers the nickname prompt, and waits until it is in the lobby.
  static ChatClient login(const Endpoint& endpoint, const std::string& nick) {
    ChatClient c(endpoint);
    EXPECT_NE(c.expect("What is your nickname?"), "");
    c.say(nick);
    EXPECT_NE(c.expect("* you joined lobby"), "") << nick;
    return c;
  }

  /// Sends one line.
  void say(const std::string& line) { client_.send(line + "\n"); }
  /// The next line without its "\n"; empty when none came within the client's timeout.
  std::string line() {
    auto until = std::chrono::steady_clock::now() + io_timeout;
    std::size_t nl;
    while ((nl = buffer_.find('\n')) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd p{client_.fd(), POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, int(left.count())) != 1) return "";
      char chunk[65536];
      ssize_t n = ::recv(client_.fd(), chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, std::size_t(n));
    }
    std::string l = buffer_.substr(0, nl);
    buffer_.erase(0, nl + 1);
    return l;
  }
  /// Reads lines until one contains `text`, and returns it; empty (and a test failure)
  /// if none did within the client's timeout. Lines before it are kept in skipped().
  std::string expect(const std::string& text) {
    for (;;) {
      std::string l = line();
      if (l.empty()) {
        ADD_FAILURE() << "no line containing '" << text << "'; skipped:\n" << skipped_;
        return "";
      }
      if (l.find(text) != std::string::npos) return l;
      skipped_ += "  " + l + "\n";
    }
  }
  /// Every line skipped by expect() so far.
  const std::string& skipped() const { return skipped_; }
  /// The underlying client, for sending raw bytes and watching the connection close.
  Client& raw() { return client_; }

 private:
  Client client_;
  std::string buffer_;  // received, not yet returned as lines
  std::string skipped_;
};

}  // namespace sockserv::test
