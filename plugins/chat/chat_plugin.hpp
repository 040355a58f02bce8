#pragma once
// chat: rooms over TCP and UDP, in this process's memory or shared through Redis. The
// plugin object holds the settings, the backend and, for a server with a UDP endpoint, its
// registrations (or, with Redis, the way to them); see docs/plugins/chat.md.

#include "backend.hpp"
#include "datagram_chat.hpp"
#include "settings.hpp"

#include <sockserv/plugin.hpp>

#include <memory>
#include <string>
#include <vector>

namespace chat {

/// One chat server.
class ChatPlugin final : public sockserv::Plugin {
 public:
  /// Reads the options and opens the backend; throws sockserv::Error if Redis is unreachable.
  explicit ChatPlugin(const sockserv::PluginContext& context);
  ~ChatPlugin() override;

  /// Name, transports and options.
  static sockserv::PluginInfo info();
  /// What cannot work with this server's policy and processes (memory with forking...).
  static std::vector<std::string> check(const sockserv::ServerShape& shape);

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override;
  std::unique_ptr<sockserv::DatagramHandler> make_datagram_handler() override;

 private:
  const Settings settings_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<DatagramChat> datagrams_;  // destroyed first: it holds links
};

}  // namespace chat
