// Login and the commands that only describe or set up the session.
#include "session.hpp"

#include "file_plugin.hpp"

#include <sockserv/task.hpp>

#include <cctype>
#include <utility>

namespace file_plugin {

using namespace std::chrono_literals;

bool FtpSession::cmd_user(const std::string& arg) {
  if (!user_.empty()) {
    reply(530, "Already logged in; cannot change user.");
    return true;
  }
  pending_user_ = arg;
  if (is_anonymous_name(arg))
    reply(331, "Anonymous login okay, send your email address as password.");
  else
    reply(331, "Password required for " + arg + ".");
  return true;
}

bool FtpSession::cmd_pass(const std::string& arg) {
  if (!user_.empty()) {
    reply(230, "Already logged in.");
    return true;
  }
  if (pending_user_.empty()) {
    reply(503, "Login with USER first.");
    return true;
  }
  std::string name = std::exchange(pending_user_, std::string());
  const auto& settings = shared_.settings;
  Access access = settings.anonymous_access;
  bool ok = false;
  if (is_anonymous_name(name)) {
    ok = settings.anonymous;
    name = "anonymous";
  } else if (const Account* account = settings.find_user(name)) {
    ok = verify_password(arg, account->hash);
    access = account->access;
  } else {
    verify_password(arg, settings.users.empty() ? "" : settings.users.front().hash);  // same time
  }
  if (!ok) {
    shared_.log.warn(control_->peer().to_string() + " failed login as '" + name + "' (attempt " +
                     std::to_string(failures_ + 1) + ")");
    return login_failed();
  }
  if (!shared_.clients.acquire(name, settings.max_clients_per_user)) {
    reply(421, "Too many connections for " + name + ", closing control connection.");
    return false;
  }
  user_ = name;
  counted_ = true;
  access_ = access;
  log_info("logged in as " + name + (access == Access::read ? " (read)" : " (read-write)"));
  reply(230, "User " + name + " logged in.");
  return true;
}

bool FtpSession::login_failed() {
  ++failures_;
  // Each failure waits longer before the answer, so guessing is slow.
  sockserv::sleep_for(failures_ * 300ms);
  if (failures_ >= shared_.settings.max_login_attempts) {
    reply(421, "Too many failed logins, closing control connection.");
    shared_.log.warn(control_->peer().to_string() + " disconnected after " +
                     std::to_string(failures_) + " failed logins");
    return false;
  }
  reply(530, "Login incorrect.");
  return true;
}

bool FtpSession::cmd_quit(const std::string&) {
  reply(221, "Goodbye.");
  return false;
}

bool FtpSession::cmd_syst(const std::string&) {
  reply(215, "UNIX Type: L8");
  return true;
}

bool FtpSession::cmd_feat(const std::string&) {
  reply(211, std::vector<std::string>{"Features:", "EPRT", "EPSV", "MDTM",
                                      "MLST type*;size*;modify*;perm*;", "PASV", "REST STREAM",
                                      "SIZE", "TVFS", "UTF8", "End"});
  return true;
}

bool FtpSession::cmd_opts(const std::string& arg) {
  std::string upper;
  for (char c : arg) upper += char(std::toupper(static_cast<unsigned char>(c)));
  if (upper == "UTF8 ON" || upper == "UTF8")
    reply(200, "UTF8 mode is always on.");
  else if (upper.starts_with("MLST"))
    reply(200, "MLST OPTS type;size;modify;perm;");
  else
    reply(501, "Option not understood.");
  return true;
}

bool FtpSession::cmd_noop(const std::string&) {
  reply(200, "NOOP ok.");
  return true;
}

bool FtpSession::cmd_help(const std::string&) {
  std::vector<std::string> lines{"The following commands are recognized:"};
  std::string row;
  for (const auto& name : verb_names()) {
    row += name + std::string(6 - name.size(), ' ');
    if (row.size() >= 60) lines.push_back(std::exchange(row, std::string()));
  }
  if (!row.empty()) lines.push_back(row);
  lines.push_back("Help OK.");
  reply(214, lines);
  return true;
}

bool FtpSession::cmd_type(const std::string& arg) {
  std::string t;
  for (char c : arg) t += char(std::toupper(static_cast<unsigned char>(c)));
  if (t == "I" || t == "L 8") {
    reply(200, "Type set to I.");
  } else if (t == "A" || t == "A N") {
    // Files go unchanged in either type, as with vsftpd's default (see docs/plugins/file.md).
    reply(200, "Type set to A.");
  } else {
    reply(504, "Type not supported: " + arg);
  }
  return true;
}

bool FtpSession::cmd_mode(const std::string& arg) {
  if (arg == "S" || arg == "s")
    reply(200, "Mode set to S.");
  else
    reply(504, "Only stream mode (S) is supported.");
  return true;
}

bool FtpSession::cmd_stru(const std::string& arg) {
  if (arg == "F" || arg == "f")
    reply(200, "Structure set to F.");
  else
    reply(504, "Only file structure (F) is supported.");
  return true;
}

}  // namespace file_plugin
