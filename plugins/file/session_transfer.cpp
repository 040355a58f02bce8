// Data connections and the commands that use them. A transfer runs in a sibling task
// (spawn), so the control task keeps reading commands and can act on ABOR.
#include "session.hpp"

#include "listing.hpp"

#include <sockserv/error.hpp>
#include <sockserv/spawn.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <system_error>

namespace file_plugin {

namespace {

using namespace std::chrono_literals;

/// How long a finished upload waits for a sign that its client died (see store()).
constexpr auto upload_grace = 50ms;

bool same_ip(const std::string& a, const std::string& b) {
  unsigned char x[16] = {}, y[16] = {};
  int family = a.find(':') == std::string::npos ? AF_INET : AF_INET6;
  return inet_pton(family, a.c_str(), x) == 1 && inet_pton(family, b.c_str(), y) == 1 &&
         std::equal(x, x + 16, y);
}

sockserv::Endpoint tcp_endpoint(const std::string& host, std::uint16_t port) {
  sockserv::Endpoint endpoint;
  endpoint.transport = sockserv::Transport::tcp;
  endpoint.host = host;
  endpoint.port = port;
  return endpoint;
}

/// An open file, closed when the last transfer using it ends.
struct OpenFile {
  explicit OpenFile(int f) : fd(f) {}
  ~OpenFile() { ::close(fd); }
  OpenFile(const OpenFile&) = delete;
  OpenFile& operator=(const OpenFile&) = delete;
  int fd;
};

}  // namespace

bool FtpSession::cmd_pasv(const std::string&) {
  const auto& local = control_->local();
  if (epsv_all_) {
    reply(503, "EPSV ALL was sent: only EPSV may follow.");
    return true;
  }
  if (local.family() != AF_INET) {
    reply(425, "PASV needs IPv4; use EPSV.");
    return true;
  }
  try {
    auto listener = listen_passive(local.host(), shared_.settings.passive_ports, shared_.next_port);
    auto port = listener->endpoint().port;
    data_.set_passive(std::move(listener));
    reply(227, pasv_text(local.host(), port));
  } catch (const sockserv::CancelledError&) {
    throw;
  } catch (const sockserv::Error& e) {
    reply(425, std::string("Cannot open passive connection: ") + e.what());
  }
  return true;
}

bool FtpSession::cmd_epsv(const std::string& arg) {
  const auto& local = control_->local();
  if (arg == "ALL" || arg == "all") {
    epsv_all_ = true;
    reply(200, "EPSV ALL ok.");
    return true;
  }
  if (!arg.empty() && arg != (local.family() == AF_INET ? "1" : "2")) {
    reply(522, local.family() == AF_INET ? "Network protocol not supported, use (1)"
                                         : "Network protocol not supported, use (2)");
    return true;
  }
  try {
    auto listener = listen_passive(local.host(), shared_.settings.passive_ports, shared_.next_port);
    auto port = listener->endpoint().port;
    data_.set_passive(std::move(listener));
    reply(229, "Entering Extended Passive Mode (|||" + std::to_string(port) + "|)");
  } catch (const sockserv::CancelledError&) {
    throw;
  } catch (const sockserv::Error& e) {
    reply(425, std::string("Cannot open passive connection: ") + e.what());
  }
  return true;
}

bool FtpSession::cmd_port(const std::string& arg) {
  if (epsv_all_) {
    reply(503, "EPSV ALL was sent: only EPSV may follow.");
    return true;
  }
  auto target = parse_port_arg(arg);
  if (!target) {
    reply(501, "PORT needs h1,h2,h3,h4,p1,p2.");
  } else if (control_->peer().family() != AF_INET || !same_ip(target->host, control_->peer().host())) {
    reply(501, "PORT may only name the address of this control connection's client.");
  } else {
    data_.set_active(tcp_endpoint(target->host, target->port));
    reply(200, "PORT command successful.");
  }
  return true;
}

bool FtpSession::cmd_eprt(const std::string& arg) {
  if (epsv_all_) {
    reply(503, "EPSV ALL was sent: only EPSV may follow.");
    return true;
  }
  int protocol = 0;
  auto target = parse_eprt_arg(arg, &protocol);
  int family = control_->peer().family();
  if (!target) {
    reply(501, "EPRT needs |protocol|address|port|.");
  } else if ((protocol == 1) != (family == AF_INET)) {
    reply(522, family == AF_INET ? "Network protocol not supported, use (1)"
                                 : "Network protocol not supported, use (2)");
  } else if (!same_ip(target->host, control_->peer().host())) {
    reply(501, "EPRT may only name the address of this control connection's client.");
  } else {
    data_.set_active(tcp_endpoint(target->host, target->port));
    reply(200, "EPRT command successful.");
  }
  return true;
}

bool FtpSession::need_data_channel() {
  if (data_.prepared()) return true;
  reply(503, "Use PASV, EPSV, PORT or EPRT first.");
  return false;
}

bool FtpSession::cmd_list(const std::string& arg) { return send_listing(arg, 0); }
bool FtpSession::cmd_nlst(const std::string& arg) { return send_listing(arg, 1); }
bool FtpSession::cmd_mlsd(const std::string& arg) { return send_listing(arg, 2); }

bool FtpSession::send_listing(const std::string& arg, int kind) {
  std::string name = arg;
  while (kind != 2 && name.starts_with('-')) {  // "LIST -la": ls options are ignored
    auto space = name.find(' ');
    name = space == std::string::npos ? "" : name.substr(space + 1);
  }
  if (!need_data_channel()) return true;
  auto path = real(name.empty() ? "." : name);
  struct stat st{};
  if (!path || ::stat(path->c_str(), &st) != 0) {
    data_.reset();
    reply(550, "No such file or directory.");
    return true;
  }
  if (kind == 2 && !S_ISDIR(st.st_mode)) {
    data_.reset();
    reply(501, "MLSD lists folders; use MLST for a file.");
    return true;
  }
  std::vector<Entry> entries = S_ISDIR(st.st_mode)
                                   ? read_folder(*path)
                                   : std::vector<Entry>{make_entry(path->filename().string(), st)};
  std::string text;
  std::time_t now = std::time(nullptr);
  for (const auto& entry : entries) {
    if (kind == 0) text += list_line(entry, now);
    else if (kind == 1) text += entry.name;
    else text += mlsx_line(entry, access_ == Access::read_write);
    text += "\r\n";
  }
  start_transfer("Here comes the directory listing.", [text](sockserv::Stream& data) {
    data.write_all(text);
    return Outcome{226, "Directory send OK."};
  });
  return true;
}

bool FtpSession::cmd_retr(const std::string& arg) {
  if (!need_data_channel()) return true;
  auto path = real(arg);
  int fd = path ? ::open(path->c_str(), O_RDONLY | O_CLOEXEC) : -1;
  struct stat st{};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (fd >= 0) ::close(fd);
    data_.reset();
    reply(550, "No such file.");
    return true;
  }
  auto file = std::make_shared<OpenFile>(fd);
  std::uint64_t size = std::uint64_t(st.st_size);
  std::uint64_t offset = rest_;
  if (offset > size) {
    data_.reset();
    reply(554, "Restart position beyond end of file.");
    return true;
  }
  log_access("download " + path->string() + (offset ? " from " + std::to_string(offset) : ""));
  start_transfer("Opening BINARY mode data connection for " + arg + " (" +
                     std::to_string(size - offset) + " bytes).",
                 [file, offset, size](sockserv::Stream& data) {
                   data.send_file(file->fd, offset, size - offset);
                   return Outcome{226, "Transfer complete."};
                 });
  return true;
}

bool FtpSession::cmd_stor(const std::string& arg) { return store(arg, false); }
bool FtpSession::cmd_appe(const std::string& arg) { return store(arg, true); }

bool FtpSession::store(const std::string& arg, bool append) {
  if (!need_data_channel()) return true;
  std::string virt;
  auto path = real(arg, &virt);
  if (!path || virt == "/" || is_upload_temp(base_name(virt))) {
    data_.reset();
    reply(553, "File name not allowed.");
    return true;
  }
  struct stat st{};
  bool exists = ::stat(path->c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    data_.reset();
    reply(550, arg + " is not a plain file.");
    return true;
  }
  std::uint64_t keep = append ? (exists ? std::uint64_t(st.st_size) : 0) : rest_;
  if (keep > (exists ? std::uint64_t(st.st_size) : 0)) {
    data_.reset();
    reply(554, "Restart position beyond end of file.");
    return true;
  }
  std::shared_ptr<UploadFile> upload;
  try {
    upload = std::make_shared<UploadFile>(*path, keep);
  } catch (const std::system_error& e) {
    data_.reset();
    reply(e.code().value() == ENOSPC ? 452 : 550, std::string("Cannot store: ") + e.what());
    return true;
  }
  log_access("upload " + path->string() + (keep ? " from " + std::to_string(keep) : ""));
  auto limit = shared_.settings.max_upload_bytes;
  start_transfer("Ok to send data.", [this, upload, limit, path = *path](sockserv::Stream& data) {
    try {
      UploadEnd end = receive_upload(data, *upload, limit, transfer_);
      // In stream mode the end of the data is the end of the file, but a client that dies
      // closes its data connection too. When a process dies the kernel closes its sockets
      // one after the other, in no promised order: give the control connection's close a
      // moment to arrive, and keep nothing if it does.
      if (end == UploadEnd::complete &&
          (control_closed_.wait(upload_grace) || peer_gone(control_->native_handle())))
        end = UploadEnd::aborted;
      if (end == UploadEnd::too_large) {
        upload->discard();
        return Outcome{552, "Upload exceeds max_upload_bytes; nothing was stored."};
      }
      if (end == UploadEnd::aborted) {
        upload->discard();
        return Outcome{426, "Transfer aborted; nothing was stored."};
      }
      upload->commit();
      log_access("stored " + path.string() + " (" + std::to_string(upload->size()) + " bytes)");
      return Outcome{226, "Transfer complete."};
    } catch (...) {
      upload->discard();
      throw;
    }
  });
  return true;
}

bool FtpSession::cmd_abor(const std::string&) {
  if (!transfer_running()) {
    reply(225, "No transfer to abort.");
    return true;
  }
  transfer_.abort();
  finish_transfer();  // the transfer answers 426
  reply(226, "ABOR command successful.");
  return true;
}

void FtpSession::start_transfer(std::string opening, TransferBody body) {
  auto channel = std::make_shared<DataChannel>(std::move(data_));
  data_ = DataChannel();
  rest_ = 0;
  transfer_.reset();
  running_ = sockserv::spawn([this, channel, opening = std::move(opening), body = std::move(body)] {
    run_transfer(*channel, opening, body);
  });
}

void FtpSession::run_transfer(DataChannel& channel, const std::string& opening,
                              const TransferBody& body) {
  Outcome outcome{226, "Transfer complete."};
  try {
    std::unique_ptr<sockserv::Stream> data;
    try {
      data = channel.open(shared_.settings.data_timeout, transfer_.flag(),
                          control_->peer().host());
    } catch (const sockserv::CancelledError&) {
      throw;
    } catch (const sockserv::Error& e) {
      reply(425, std::string("Cannot open data connection: ") + e.what());
      return;
    }
    if (!data) {
      reply(transfer_.aborted() ? 426 : 425,
            transfer_.aborted() ? "Transfer aborted." : "No data connection came in time.");
      return;
    }
    reply(150, opening);
    data->set_timeout(shared_.settings.data_timeout);
    transfer_.attach(data.get());
    try {
      outcome = body(*data);
    } catch (const sockserv::CancelledError&) {
      transfer_.detach();
      throw;
    } catch (const sockserv::TimeoutError&) {
      outcome = {426, "Data connection timed out; transfer aborted."};
    } catch (const sockserv::ConnectionError&) {
      outcome = {426, "Data connection closed; transfer aborted."};
    } catch (const std::system_error& e) {
      outcome = e.code().value() == ENOSPC ? Outcome{452, "Insufficient storage space."}
                                           : Outcome{451, std::string("Local error: ") + e.what()};
      shared_.log.error(control_->peer().to_string() + " transfer failed: " + e.what());
    } catch (const sockserv::Error& e) {
      outcome = {451, std::string("Local error: ") + e.what()};
    }
    transfer_.detach();
    data.reset();  // the client sees the end of the data before the last reply
    if (transfer_.aborted() && outcome.code == 226)
      outcome = {426, "Transfer aborted."};
    reply(outcome.code, outcome.text);
  } catch (const sockserv::ConnectionError&) {
    // the control connection is gone: nobody to tell
  }
}

void FtpSession::finish_transfer() {
  if (!running_) return;
  auto handle = std::move(*running_);
  running_.reset();
  handle.join();
}

bool FtpSession::transfer_running() const { return running_ && !running_->done(); }

}  // namespace file_plugin
