#pragma once
// The supervisor's control socket (`control:`, `sockserv ctl`): a Unix stream listener and
// its clients, served from the supervisor's one thread through its poll loop. Each client
// sends one command line and gets one reply line, then the connection closes. Nothing here
// blocks: sockets are non-blocking, a command is at most `max_command` bytes, and a client
// that has not sent its line (or taken its reply) by its deadline is closed.

#include "core/socket.hpp"

#include <sockserv/time.hpp>

#include <poll.h>

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sockserv::launcher {

/// Serves the control socket. Supervisor thread only.
class ControlServer {
 public:
  /// Answers one command (its line, without "\r\n") with one JSON object (no newline).
  using Answer = std::function<std::string(std::string_view command)>;

  /// The longest command line read; a client sending more gets an error reply.
  static constexpr std::size_t max_command = 4096;
  /// How long a client may take to send its line, and then to take its reply.
  static constexpr Duration client_time = std::chrono::seconds(10);
  /// Clients served at once; one more is closed at once.
  static constexpr std::size_t max_clients = 32;

  /// Serves `socket` (bound and listening), answering with `answer`.
  ControlServer(core::ListeningSocket socket, Answer answer);
  /// Closes every client and the socket, removing its file if it is still ours.
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  /// The socket's path.
  const std::string& path() const { return socket_.endpoint.path; }
  /// Appends what to poll: the listener, then each client (readable, or writable once answered).
  void want(std::vector<pollfd>& fds) const;
  /// Acts on the poll results for what want() appended: accepts, reads, answers, writes.
  void serve(std::span<const pollfd> polled, Deadline now);
  /// Closes the clients whose deadline has passed.
  void on_time(Deadline now);
  /// The earliest client deadline; nullopt with no client.
  std::optional<Deadline> next_deadline() const;
  /// A reply is still being written (the supervisor waits for it before it exits).
  bool replying() const;
  /// In a forked child: closes every descriptor, leaving the socket file alone.
  void close_in_child() const noexcept;

 private:
  struct Client {
    core::Fd fd;
    std::string in;
    std::string out;        ///< the reply with its newline, once answered
    std::size_t sent = 0;
    Deadline deadline{};
    bool answered = false;
    bool done = false;      ///< to be closed
  };

  void accept_all(Deadline now);
  void step(Client& c, Deadline now);
  void read(Client& c);
  void reply(Client& c, std::string json, Deadline now);
  void write(Client& c);

  core::ListeningSocket socket_;
  Answer answer_;
  /// After accept failed for want of descriptors (EMFILE): the listener stays readable, so
  /// it is left out of the poll until then rather than spun on.
  std::optional<Deadline> accept_paused_until_;
  std::vector<Client> clients_;
};

}  // namespace sockserv::launcher
