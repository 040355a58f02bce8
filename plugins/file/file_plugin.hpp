#pragma once
// file: an FTP server (RFC 959, 2428, 3659) over one folder. One FilePlugin per server
// holds the settings and what its sessions share; one FtpSession serves each connection.

#include "settings.hpp"

#include <sockserv/log.hpp>
#include <sockserv/plugin.hpp>

#include <atomic>
#include <vector>
#include <memory>
#include <string>

namespace file_plugin {

/// Counts the logged-in connections of each user across the sessions of one server
/// process — threads, fibers and, under `forking`, child processes alike: the counters
/// live in a shared anonymous mapping made before any child is forked. (With
/// `processes: N` each worker process counts for itself.)
class ClientCounter {
 public:
  /// One counter for each name in `users` and one for "anonymous".
  explicit ClientCounter(std::vector<std::string> users);
  ~ClientCounter();
  ClientCounter(const ClientCounter&) = delete;
  ClientCounter& operator=(const ClientCounter&) = delete;

  /// Counts one more for `user`; false (nothing counted) if `limit` are already in.
  bool acquire(const std::string& user, int limit);
  /// Counts one less for `user`.
  void release(const std::string& user);

 private:
  std::atomic<int>* counter(const std::string& user);

  std::vector<std::string> names_;  // counter i belongs to names_[i]; the last, anonymous
  std::atomic<int>* counts_;        // names_.size() counters, shared with forked children
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
