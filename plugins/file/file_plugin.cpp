#include "file_plugin.hpp"

#include "session.hpp"

#include <sockserv/error.hpp>

#include <sys/mman.h>

#include <cerrno>
#include <new>

namespace file_plugin {

namespace {

std::vector<std::string> account_names(const Settings& settings) {
  std::vector<std::string> names;
  for (const auto& account : settings.users) names.push_back(account.name);
  return names;
}

}  // namespace

static_assert(std::atomic<int>::is_always_lock_free, "counters are shared across processes");

ClientCounter::ClientCounter(std::vector<std::string> users) : names_(std::move(users)) {
  names_.push_back("anonymous");
  void* memory = ::mmap(nullptr, names_.size() * sizeof(std::atomic<int>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw sockserv::SystemError("mmap for the per-user counters", errno);
  counts_ = static_cast<std::atomic<int>*>(memory);
  for (std::size_t i = 0; i < names_.size(); ++i) new (&counts_[i]) std::atomic<int>(0);
}

ClientCounter::~ClientCounter() { ::munmap(counts_, names_.size() * sizeof(std::atomic<int>)); }

std::atomic<int>* ClientCounter::counter(const std::string& user) {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == user) return &counts_[i];
  return nullptr;  // not an account: login refuses such names before counting
}

bool ClientCounter::acquire(const std::string& user, int limit) {
  std::atomic<int>* count = counter(user);
  if (!count) return false;
  int now = count->load();
  do {
    if (now >= limit) return false;
  } while (!count->compare_exchange_weak(now, now + 1));
  return true;
}

void ClientCounter::release(const std::string& user) {
  if (std::atomic<int>* count = counter(user)) count->fetch_sub(1);
}

FilePlugin::FilePlugin(const sockserv::PluginContext& context)
    : settings_(read_settings(context.options)),
      log_(context.log),
      clients_(account_names(settings_)) {}

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
