#pragma once
// The plugin's options, read once when the plugin is made; handlers only read them.

#include <sockserv/time.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace httpd {

/// Every option of the http plugin, typed (see http_plugin.cpp for the declarations).
struct Settings {
  std::filesystem::path root;
  std::string index = "index.html";  ///< empty: no index file
  bool listing = false;
  bool show_hidden = false;
  bool follow_symlinks = false;
  bool access_log = true;
  std::size_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 1024 * 1024;
  sockserv::Duration header_timeout = std::chrono::seconds(10);
  sockserv::Duration keepalive_timeout = std::chrono::seconds(15);  ///< zero: no keep-alive
  sockserv::Duration send_timeout = std::chrono::seconds(60);
  std::int64_t max_requests_per_connection = 1000;
  std::string server_name = "sockserv";  ///< empty: no Server field
  std::size_t file_cache_entries = 256;   ///< small files kept in memory; 0: none
  std::size_t file_cache_max_file = 64 * 1024;  ///< larger files are always sent from disk
  sockserv::Duration file_cache_valid{};  ///< a checked hit is trusted this long; 0: check each
};

}  // namespace httpd
