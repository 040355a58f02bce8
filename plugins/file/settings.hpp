#pragma once
// The file plugin's options, read and checked once when the plugin is made.

#include "accounts.hpp"
#include "command.hpp"

#include <sockserv/options.hpp>
#include <sockserv/time.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace file_plugin {

/// Every option, typed. Handlers only read it.
struct Settings {
  std::filesystem::path root;
  bool anonymous = false;
  Access anonymous_access = Access::read;
  std::vector<Account> users;
  PortRange passive_ports;
  std::uint64_t max_upload_bytes = 0;
  sockserv::Duration idle_timeout{};
  sockserv::Duration data_timeout{};
  int max_clients_per_user = 0;
  int max_login_attempts = 0;
  std::string banner;

  /// The account named `name`, or null.
  const Account* find_user(std::string_view name) const;
};

/// Reads the options; throws sockserv::Error naming the option that is wrong.
Settings read_settings(const sockserv::Options& options);

/// The option declarations of info().
std::vector<sockserv::OptionSpec> option_specs();

}  // namespace file_plugin
