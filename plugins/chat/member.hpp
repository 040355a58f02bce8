#pragma once
// chat: members, as the rooms see them — somewhere to deliver lines without ever waiting.

#include <sockserv/address.hpp>
#include <sockserv/channel.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/time.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace chat {

/// A random id for a member (16 hex digits), unique across processes and hosts.
std::string new_member_id();

/// Someone in a room. deliver() may be called from any task or thread at once.
class Member {
 public:
  explicit Member(std::string id) : id_(std::move(id)) {}
  virtual ~Member() = default;
  Member(const Member&) = delete;
  Member& operator=(const Member&) = delete;

  /// Queues `line` (without "\n") for this member and returns at once; false if dropped.
  virtual bool deliver(const std::string& line) = 0;
  /// True once the member counts as gone (a UDP registration past its idle time).
  virtual bool expired() const { return false; }
  /// The member's id.
  const std::string& id() const noexcept { return id_; }

 private:
  std::string id_;
};

/// A member on a TCP or Unix stream: a bounded outbox drained by its own writer task, so a
/// slow reader costs only itself. When its outbox is full it is disconnected.
class StreamMember final : public Member {
 public:
  /// For the connection `stream`, with room for `outbox` lines.
  StreamMember(std::string id, sockserv::Stream& stream, std::size_t outbox);

  /// Queues the line; if the outbox is full, disconnects the member instead.
  bool deliver(const std::string& line) override;
  /// Writes queued lines to the stream until close() or disconnect(); the writer task.
  void write_loop();
  /// Cuts the member off from any task: drops its outbox and shuts its socket down, so its
  /// reader sees end of stream and its writer stops. The first reason is kept.
  void disconnect(const std::string& reason);
  /// No more lines: the writer sends what is queued, then ends.
  void close();
  /// The request is ending and its socket is about to close: disconnect() does nothing now.
  void detach();
  /// Why it was disconnected; empty if it was not.
  std::string disconnected() const;

 private:
  sockserv::Stream& stream_;
  sockserv::Channel<std::string> outbox_;
  mutable std::mutex mutex_;
  bool attached_ = true;
  std::string reason_;
};

/// The server's UDP socket, dup(2)ed so it outlives nothing it should not: members hold it.
class DatagramSocket {
 public:
  /// Duplicates `fd` (the server's socket).
  explicit DatagramSocket(int fd);
  ~DatagramSocket();
  DatagramSocket(const DatagramSocket&) = delete;
  DatagramSocket& operator=(const DatagramSocket&) = delete;
  /// Sends one datagram to `to` without waiting; false if it could not go now.
  bool send_to(const sockserv::Address& to, const std::string& bytes) const noexcept;

 private:
  int fd_;
};

/// A member registered from a UDP address; each line goes out as one datagram.
class DatagramMember final : public Member {
 public:
  /// Registered from `peer`, sending through `socket`, expiring after `idle` of silence.
  DatagramMember(std::string id, std::shared_ptr<const DatagramSocket> socket,
                 sockserv::Address peer, sockserv::Duration idle);
  bool deliver(const std::string& line) override;
  bool expired() const override;
  /// A datagram came from it: it lives another `idle`.
  void touch() noexcept;
  /// Where it sends from.
  const sockserv::Address& peer() const noexcept { return peer_; }

 private:
  std::shared_ptr<const DatagramSocket> socket_;
  sockserv::Address peer_;
  sockserv::Duration idle_;
  std::atomic<sockserv::Clock::rep> last_seen_;
};

}  // namespace chat
