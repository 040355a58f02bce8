#pragma once
// One FTP control connection: login, the working folder, the prepared data connection and
// the transfer running beside the control task. Commands are dispatched from a table to
// one member each (session_login.cpp, session_files.cpp, session_transfer.cpp).

#include "data_channel.hpp"
#include "path_jail.hpp"
#include "settings.hpp"
#include "transfer.hpp"

#include <sockserv/event.hpp>
#include <sockserv/handler.hpp>
#include <sockserv/log.hpp>
#include <sockserv/spawn.hpp>
#include <sockserv/stream.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace file_plugin {

class ClientCounter;

/// What a session uses of its plugin, which outlives it.
struct SessionShared {
  const Settings& settings;
  sockserv::Logger& log;
  ClientCounter& clients;
  std::atomic<unsigned>& next_port;
};

/// Serves one control connection.
class FtpSession final : public sockserv::StreamHandler {
 public:
  explicit FtpSession(SessionShared shared);
  ~FtpSession() override;

  void setup(sockserv::Stream& control) override;
  void handle(sockserv::Stream& control) override;

 private:
  using Member = bool (FtpSession::*)(const std::string& arg);
  struct Verb {
    const char* name;
    Member member;
    bool login;     // needs a logged-in user
    bool argument;  // needs an argument (501 without)
    bool write;     // needs read-write access (550 without)
  };
  static const Verb verbs[];
  static std::vector<std::string> verb_names();

  void serve(sockserv::Stream& control);
  bool dispatch(const Command& command);
  void reply(int code, std::string_view text);
  void reply(int code, const std::vector<std::string>& lines);
  void log_info(const std::string& what);
  void log_access(const std::string& what);  ///< a transfer or a change of a file
  std::optional<std::filesystem::path> real(const std::string& arg, std::string* virt = nullptr);

  // session_login.cpp
  bool cmd_user(const std::string& arg);
  bool cmd_pass(const std::string& arg);
  bool login_failed();
  bool cmd_quit(const std::string& arg);
  bool cmd_syst(const std::string& arg);
  bool cmd_feat(const std::string& arg);
  bool cmd_opts(const std::string& arg);
  bool cmd_noop(const std::string& arg);
  bool cmd_help(const std::string& arg);
  bool cmd_type(const std::string& arg);
  bool cmd_mode(const std::string& arg);
  bool cmd_stru(const std::string& arg);

  // session_files.cpp
  bool cmd_pwd(const std::string& arg);
  bool cmd_cwd(const std::string& arg);
  bool cmd_cdup(const std::string& arg);
  bool cmd_size(const std::string& arg);
  bool cmd_mdtm(const std::string& arg);
  bool cmd_mlst(const std::string& arg);
  bool cmd_dele(const std::string& arg);
  bool cmd_mkd(const std::string& arg);
  bool cmd_rmd(const std::string& arg);
  bool cmd_rnfr(const std::string& arg);
  bool cmd_rnto(const std::string& arg);
  bool cmd_rest(const std::string& arg);

  // session_transfer.cpp
  bool cmd_pasv(const std::string& arg);
  bool cmd_epsv(const std::string& arg);
  bool cmd_port(const std::string& arg);
  bool cmd_eprt(const std::string& arg);
  bool cmd_list(const std::string& arg);
  bool cmd_nlst(const std::string& arg);
  bool cmd_mlsd(const std::string& arg);
  bool cmd_retr(const std::string& arg);
  bool cmd_stor(const std::string& arg);
  bool cmd_appe(const std::string& arg);
  bool cmd_abor(const std::string& arg);
  /// The last reply of a transfer.
  struct Outcome {
    int code;
    std::string text;
  };
  using TransferBody = std::function<Outcome(sockserv::Stream& data)>;
  bool store(const std::string& arg, bool append);
  bool send_listing(const std::string& arg, int kind);
  bool need_data_channel();
  void start_transfer(std::string opening, TransferBody body);
  void run_transfer(DataChannel& channel, const std::string& opening, const TransferBody& body);
  void finish_transfer();
  bool transfer_running() const;

  SessionShared shared_;
  PathJail jail_;
  sockserv::Stream* control_ = nullptr;
  std::string pending_user_;
  std::string user_;       // empty until logged in
  bool counted_ = false;   // user_ holds a slot in shared_.clients
  Access access_ = Access::read;
  int failures_ = 0;
  std::string cwd_ = "/";
  std::uint64_t rest_ = 0;
  std::optional<std::filesystem::path> rename_from_;
  bool epsv_all_ = false;
  DataChannel data_;
  TransferState transfer_;
  sockserv::Event control_closed_;  // set when the client's end of the control connection closes
  std::optional<sockserv::TaskHandle> running_;
};

}  // namespace file_plugin
