#include "session.hpp"

#include "command.hpp"
#include "file_plugin.hpp"

#include <sockserv/error.hpp>

#include <netinet/in.h>
#include <sys/socket.h>

namespace file_plugin {

constexpr std::size_t max_command_line = 4096;

// name, member, needs login, needs argument, needs write access
const FtpSession::Verb FtpSession::verbs[] = {
    {"USER", &FtpSession::cmd_user, false, true, false},
    {"PASS", &FtpSession::cmd_pass, false, false, false},
    {"QUIT", &FtpSession::cmd_quit, false, false, false},
    {"SYST", &FtpSession::cmd_syst, false, false, false},
    {"FEAT", &FtpSession::cmd_feat, false, false, false},
    {"OPTS", &FtpSession::cmd_opts, false, true, false},
    {"NOOP", &FtpSession::cmd_noop, false, false, false},
    {"HELP", &FtpSession::cmd_help, false, false, false},
    {"ABOR", &FtpSession::cmd_abor, false, false, false},
    {"TYPE", &FtpSession::cmd_type, true, true, false},
    {"MODE", &FtpSession::cmd_mode, true, true, false},
    {"STRU", &FtpSession::cmd_stru, true, true, false},
    {"PWD", &FtpSession::cmd_pwd, true, false, false},
    {"XPWD", &FtpSession::cmd_pwd, true, false, false},
    {"CWD", &FtpSession::cmd_cwd, true, true, false},
    {"XCWD", &FtpSession::cmd_cwd, true, true, false},
    {"CDUP", &FtpSession::cmd_cdup, true, false, false},
    {"XCUP", &FtpSession::cmd_cdup, true, false, false},
    {"SIZE", &FtpSession::cmd_size, true, true, false},
    {"MDTM", &FtpSession::cmd_mdtm, true, true, false},
    {"MLST", &FtpSession::cmd_mlst, true, false, false},
    {"DELE", &FtpSession::cmd_dele, true, true, true},
    {"MKD", &FtpSession::cmd_mkd, true, true, true},
    {"XMKD", &FtpSession::cmd_mkd, true, true, true},
    {"RMD", &FtpSession::cmd_rmd, true, true, true},
    {"XRMD", &FtpSession::cmd_rmd, true, true, true},
    {"RNFR", &FtpSession::cmd_rnfr, true, true, true},
    {"RNTO", &FtpSession::cmd_rnto, true, true, true},
    {"REST", &FtpSession::cmd_rest, true, true, false},
    {"PASV", &FtpSession::cmd_pasv, true, false, false},
    {"EPSV", &FtpSession::cmd_epsv, true, false, false},
    {"PORT", &FtpSession::cmd_port, true, true, false},
    {"EPRT", &FtpSession::cmd_eprt, true, true, false},
    {"LIST", &FtpSession::cmd_list, true, false, false},
    {"NLST", &FtpSession::cmd_nlst, true, false, false},
    {"MLSD", &FtpSession::cmd_mlsd, true, false, false},
    {"RETR", &FtpSession::cmd_retr, true, true, false},
    {"STOR", &FtpSession::cmd_stor, true, true, true},
    {"APPE", &FtpSession::cmd_appe, true, true, true},
};

std::vector<std::string> FtpSession::verb_names() {
  std::vector<std::string> names;
  for (const auto& verb : verbs) names.emplace_back(verb.name);
  return names;
}

FtpSession::FtpSession(SessionShared shared)
    : shared_(shared), jail_(shared.settings.root) {}

FtpSession::~FtpSession() {
  if (counted_) shared_.clients.release(user_);
}

void FtpSession::setup(sockserv::Stream& control) {
  control_ = &control;
  control.set_timeout(shared_.settings.idle_timeout);
  // ABOR is sent as urgent data (ftplib: the final byte): keep it in line.
  int on = 1;
  ::setsockopt(control.native_handle(), SOL_SOCKET, SO_OOBINLINE, &on, sizeof on);
  reply(220, shared_.settings.banner);
}

void FtpSession::handle(sockserv::Stream& control) {
  try {
    serve(control);
  } catch (...) {
    // The framework joins the transfer before this session is destroyed; end it now rather
    // than after its data_timeout. (Rethrown, so a fiber's forced unwind passes too.)
    control_closed_.set();
    transfer_.abort();
    throw;
  }
}

void FtpSession::serve(sockserv::Stream& control) {
  for (;;) {
    std::optional<std::string> line;
    try {
      line = control.read_line(max_command_line);
    } catch (const sockserv::TimeoutError&) {
      if (transfer_running()) continue;  // a long transfer is not idleness
      reply(421, "Idle timeout, closing control connection.");
      return;
    } catch (const sockserv::LineTooLongError&) {
      finish_transfer();
      reply(500, "Command line too long.");
      return;
    }
    if (!line) {  // the client went away: an unfinished upload must not be kept
      control_closed_.set();
      transfer_.abort();
      finish_transfer();
      return;
    }
    Command command = parse_command(*line);
    if (command.verb == "ABOR") {
      cmd_abor(command.arg);
      continue;
    }
    finish_transfer();  // other commands wait for the transfer's last reply
    if (!dispatch(command)) {
      finish_transfer();
      return;
    }
  }
}

bool FtpSession::dispatch(const Command& command) {
  const Verb* verb = nullptr;
  for (const auto& v : verbs)
    if (command.verb == v.name) verb = &v;
  if (!verb) {
    reply(502, "Command not implemented.");
    return true;
  }
  if (verb->login && user_.empty()) {
    reply(530, "Please log in with USER and PASS.");
    return true;
  }
  if (verb->argument && command.arg.empty()) {
    reply(501, std::string(verb->name) + " needs an argument.");
    return true;
  }
  if (verb->write && access_ != Access::read_write) {
    rest_ = 0;
    reply(550, "Permission denied: read-only access.");
    return true;
  }
  std::string name = verb->name;
  bool keep = (this->*verb->member)(command.arg);
  // REST applies to the next command only, and only a RETR, STOR or APPE uses it
  if (name != "REST") rest_ = 0;
  if (name != "RNFR") rename_from_.reset();
  return keep;
}

void FtpSession::reply(int code, std::string_view text) {
  control_->write_all(reply_line(code, text));
}

void FtpSession::reply(int code, const std::vector<std::string>& lines) {
  control_->write_all(reply_lines(code, lines));
}

void FtpSession::log_info(const std::string& what) {
  shared_.log.info(control_->peer().to_string() + " " + what);
}

void FtpSession::log_access(const std::string& what) {
  shared_.log.access(control_->peer().to_string() + " " + what);
}

std::optional<std::filesystem::path> FtpSession::real(const std::string& arg, std::string* virt) {
  auto path = resolve_virtual(cwd_, arg);
  if (!path) return std::nullopt;
  if (virt) *virt = *path;
  return jail_.real(*path);
}

}  // namespace file_plugin
