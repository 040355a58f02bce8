#pragma once
// file: an FTP server (RFC 959, 2428, 3659) over one folder. One FilePlugin per server
// holds the settings and what its sessions share; one FtpSession serves each connection.

#include "settings.hpp"

#include <sockserv/log.hpp>
#include <sockserv/plugin.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace file_plugin {

/// Counts the logged-in connections of each user, across the sessions of one server
/// process. (Under `forking` each child counts only itself: see docs/plugins/file.md.)
class ClientCounter {
 public:
  /// Counts one more for `user`; false (nothing counted) if `limit` are already in.
  bool acquire(const std::string& user, int limit);
  /// Counts one less for `user`.
  void release(const std::string& user);

 private:
  std::mutex mutex_;
  std::map<std::string, int> counts_;
};

/// One per server.
class FilePlugin final : public sockserv::Plugin {
 public:
  /// Reads and checks the options; throws sockserv::Error on a bad one.
  explicit FilePlugin(const sockserv::PluginContext& context);

  /// Name, version, transports and options.
  static sockserv::PluginInfo info();

  /// A session for one control connection.
  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override;

 private:
  const Settings settings_;
  std::shared_ptr<sockserv::Logger> log_;
  ClientCounter clients_;
  std::atomic<unsigned> next_port_{0};
};

}  // namespace file_plugin
