// Commands on names: the working folder, facts about one file, and changes to the tree.
#include "session.hpp"

#include "listing.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace file_plugin {

namespace {

std::string ftp_quoted(const std::string& path) {  // RFC 959: a quote inside is doubled
  std::string out = "\"";
  for (char c : path) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

bool FtpSession::cmd_pwd(const std::string&) {
  reply(257, ftp_quoted(cwd_) + " is the current directory.");
  return true;
}

bool FtpSession::cmd_cwd(const std::string& arg) {
  std::string virt;
  auto path = real(arg, &virt);
  struct stat st{};
  if (!path || ::stat(path->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    reply(550, "No such directory.");
    return true;
  }
  cwd_ = virt;
  reply(250, "Directory changed to " + cwd_ + ".");
  return true;
}

bool FtpSession::cmd_cdup(const std::string&) { return cmd_cwd(".."); }

bool FtpSession::cmd_size(const std::string& arg) {
  auto path = real(arg);
  struct stat st{};
  if (!path || ::stat(path->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    reply(550, "No such file.");
    return true;
  }
  reply(213, std::to_string(st.st_size));
  return true;
}

bool FtpSession::cmd_mdtm(const std::string& arg) {
  auto path = real(arg);
  struct stat st{};
  if (!path || ::stat(path->c_str(), &st) != 0) {
    reply(550, "No such file.");
    return true;
  }
  reply(213, ftp_time(st.st_mtime));
  return true;
}

bool FtpSession::cmd_mlst(const std::string& arg) {
  std::string virt;
  auto path = real(arg.empty() ? "." : arg, &virt);
  struct stat st{};
  if (!path || ::stat(path->c_str(), &st) != 0) {
    reply(550, "No such file or directory.");
    return true;
  }
  auto entry = make_entry(virt, st);
  reply(250, std::vector<std::string>{"Listing " + virt,
                                      mlsx_line(entry, access_ == Access::read_write), "End"});
  return true;
}

bool FtpSession::cmd_dele(const std::string& arg) {
  auto path = real(arg);
  struct stat st{};
  if (!path || ::lstat(path->c_str(), &st) != 0 || S_ISDIR(st.st_mode) ||
      ::unlink(path->c_str()) != 0) {
    reply(550, "Could not delete " + arg + ".");
    return true;
  }
  log_access("deleted " + path->string());
  reply(250, "Deleted " + arg + ".");
  return true;
}

bool FtpSession::cmd_mkd(const std::string& arg) {
  std::string virt;
  auto path = real(arg, &virt);
  if (!path || virt == "/" || ::mkdir(path->c_str(), 0777) != 0) {
    reply(550, "Could not create " + arg + (path ? ": " + std::string(std::strerror(errno)) : "") + ".");
    return true;
  }
  reply(257, ftp_quoted(virt) + " created.");
  return true;
}

bool FtpSession::cmd_rmd(const std::string& arg) {
  std::string virt;
  auto path = real(arg, &virt);
  if (!path || virt == "/" || ::rmdir(path->c_str()) != 0) {
    reply(550, "Could not remove " + arg + ".");
    return true;
  }
  reply(250, "Removed " + arg + ".");
  return true;
}

bool FtpSession::cmd_rnfr(const std::string& arg) {
  std::string virt;
  auto path = real(arg, &virt);
  struct stat st{};
  if (!path || virt == "/" || ::lstat(path->c_str(), &st) != 0) {
    reply(550, "No such file or directory.");
    return true;
  }
  rename_from_ = *path;
  reply(350, "Ready for RNTO.");
  return true;
}

bool FtpSession::cmd_rnto(const std::string& arg) {
  if (!rename_from_) {
    reply(503, "RNFR first.");
    return true;
  }
  std::string virt;
  auto path = real(arg, &virt);
  if (!path || virt == "/" || ::rename(rename_from_->c_str(), path->c_str()) != 0) {
    reply(553, "Could not rename to " + arg + ".");
    return true;
  }
  log_access("renamed " + rename_from_->string() + " to " + path->string());
  reply(250, "Renamed.");
  return true;
}

bool FtpSession::cmd_rest(const std::string& arg) {
  std::uint64_t offset = 0;
  auto [end, error] = std::from_chars(arg.data(), arg.data() + arg.size(), offset);
  if (error != std::errc() || end != arg.data() + arg.size()) {
    reply(501, "REST needs a byte offset.");
    return true;
  }
  rest_ = offset;
  reply(350, "Restarting at " + arg + ". Send RETR, STOR or APPE.");
  return true;
}

}  // namespace file_plugin
