#include "file_plugin.hpp"

#include "session.hpp"

namespace file_plugin {

bool ClientCounter::acquire(const std::string& user, int limit) {
  std::lock_guard lock(mutex_);
  int& count = counts_[user];
  if (count >= limit) return false;
  ++count;
  return true;
}

void ClientCounter::release(const std::string& user) {
  std::lock_guard lock(mutex_);
  if (--counts_[user] <= 0) counts_.erase(user);
}

FilePlugin::FilePlugin(const sockserv::PluginContext& context)
    : settings_(read_settings(context.options)), log_(context.log) {}

sockserv::PluginInfo FilePlugin::info() {
  return {"file",
          "1.0.0",
          "an FTP server over one folder: list, download, upload (RFC 959, 2428, 3659)",
          {sockserv::Transport::tcp},
          option_specs()};
}

std::unique_ptr<sockserv::StreamHandler> FilePlugin::make_stream_handler() {
  return std::make_unique<FtpSession>(SessionShared{settings_, *log_, clients_, next_port_});
}

}  // namespace file_plugin
