#include "settings.hpp"

#include <sockserv/error.hpp>

namespace file_plugin {

const Account* Settings::find_user(std::string_view name) const {
  for (const auto& user : users)
    if (user.name == name) return &user;
  return nullptr;
}

Settings read_settings(const sockserv::Options& options) {
  Settings s;
  s.root = options.get_path("root");
  std::error_code error;
  if (!std::filesystem::is_directory(s.root, error))
    throw sockserv::Error("root: '" + s.root.string() + "' is not a folder");
  s.anonymous = options.get_bool("anonymous");
  s.anonymous_access = *parse_access(options.get_string("anonymous_access"));
  for (const auto& entry : options.get_list("users")) {
    Account account = parse_account(entry);
    if (s.find_user(account.name)) throw sockserv::Error("users: '" + account.name + "' twice");
    s.users.push_back(std::move(account));
  }
  auto range = parse_port_range(options.get_string("passive_ports"));
  if (!range)
    throw sockserv::Error("passive_ports: expected \"0\" or \"FIRST-LAST\" (1-65535), got '" +
                          options.get_string("passive_ports") + "'");
  s.passive_ports = *range;
  s.max_upload_bytes = options.get_size("max_upload_bytes");
  s.idle_timeout = options.get_duration("idle_timeout");
  s.data_timeout = options.get_duration("data_timeout");
  s.max_clients_per_user = int(options.get_int("max_clients_per_user"));
  s.max_login_attempts = int(options.get_int("max_login_attempts"));
  s.banner = options.get_string("banner");
  return s;
}

std::vector<sockserv::OptionSpec> option_specs() {
  using sockserv::OptionType;
  return {
      {"root", OptionType::path, "", "the folder served; nothing outside it is reachable", "", "",
       {}, true},
      {"anonymous", OptionType::boolean, "false", "allow logins as anonymous or ftp"},
      {"anonymous_access", OptionType::string, "read", "what anonymous users may do", "", "",
       {"read", "read-write"}},
      {"users", OptionType::string_list, "",
       "accounts, each NAME:HASH:ACCESS (HASH from 'sockserv hash-password', ACCESS read or "
       "read-write)"},
      {"passive_ports", OptionType::string, "0",
       "ports for passive data connections, FIRST-LAST; 0: any free port"},
      {"max_upload_bytes", OptionType::size, "1GiB", "largest file an upload may write", "1"},
      {"idle_timeout", OptionType::duration, "5m", "close a control connection silent this long",
       "1s", "24h"},
      {"data_timeout", OptionType::duration, "30s",
       "wait this long for a data connection, and for each read or write on it", "1s", "1h"},
      {"max_clients_per_user", OptionType::integer, "8",
       "connections one user (or anonymous) may have logged in at once", "1", "100000"},
      {"max_login_attempts", OptionType::integer, "3",
       "failed logins before the connection is closed", "1", "100"},
      {"banner", OptionType::string, "sockserv FTP server ready", "the text of the 220 greeting"},
  };
}

}  // namespace file_plugin
