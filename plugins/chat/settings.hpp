#pragma once
// chat: the plugin's options, declared once and read once when the plugin is made.

#include <sockserv/options.hpp>
#include <sockserv/time.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace chat {

/// Where rooms live: this process's memory, or Redis (shared by processes and hosts).
enum class BackendKind { memory, redis };

/// The room every member starts in, and the only room of UDP members.
inline constexpr const char* default_room = "lobby";

/// The options, typed. Handlers only read them.
struct Settings {
  BackendKind backend = BackendKind::memory;
  std::string redis = "tcp://127.0.0.1:6379";  ///< Redis endpoint (backend: redis)
  std::string hub = "default";                 ///< servers with the same hub share rooms
  std::size_t max_line = 1024;                 ///< longest line a TCP member may send
  std::size_t outbox = 256;                    ///< lines queued for a member before it is cut
  std::size_t history = 20;                    ///< messages of a room replayed on join
  sockserv::Duration udp_idle_timeout = std::chrono::minutes(5);  ///< UDP registration life
  std::string greeting;                        ///< first line to a TCP member; empty: none

  /// Reads validated options (every declared one is set).
  static Settings from(const sockserv::Options& options);
};

/// The declarations of the options above, for PluginInfo.
std::vector<sockserv::OptionSpec> option_specs();

}  // namespace chat
