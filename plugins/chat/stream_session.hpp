#pragma once
// chat: one TCP (or Unix stream) member's connection, from greeting to goodbye.

#include "backend.hpp"
#include "member.hpp"
#include "settings.hpp"

#include <sockserv/handler.hpp>
#include <sockserv/log.hpp>
#include <sockserv/stream.hpp>

#include <memory>
#include <optional>
#include <string>

namespace chat {

/// Serves one connection: this task reads lines; a writer task drains the member's outbox.
class StreamSession final : public sockserv::StreamHandler {
 public:
  StreamSession(const Settings& settings, Backend& backend) : settings_(settings), backend_(backend) {}
  void handle(sockserv::Stream& stream) override;

 private:
  /// From greeting to the last line; handle() cleans up around it.
  void serve(sockserv::Stream& stream);
  /// The next line; "" with too_long set for a line over max_line (skipped whole).
  std::optional<std::string> next_line(sockserv::Stream& stream, bool& too_long);
  /// Asks until the member picks a free nickname; false if it left first.
  bool choose_nick(sockserv::Stream& stream);
  /// Acts on one line; false when the member quits.
  bool on_line(const std::string& line);
  bool on_command(const Input& in);
  void change_nick(const std::string& nick);
  void join(const std::string& room);
  void send_private(const std::string& argument);
  void tell(const std::string& line) { member_->deliver(line); }

  const Settings& settings_;
  Backend& backend_;
  std::shared_ptr<StreamMember> member_;
  std::unique_ptr<Link> link_;
  std::string nick_;
  std::string room_;
};

}  // namespace chat
