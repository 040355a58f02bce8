// http: serves a folder over HTTP/1.0 and 1.1, like Python's http.server, with keep-alive,
// conditional and range requests, and zero-copy file bodies.
#include "connection.hpp"
#include "site.hpp"

#include <sockserv/plugin.hpp>

#include <memory>

namespace httpd {
namespace {

Settings read_settings(const sockserv::Options& o) {
  Settings s;
  s.root = o.get_path("root");
  s.index = o.get_string("index");
  s.listing = o.get_bool("listing");
  s.show_hidden = o.get_bool("show_hidden");
  s.follow_symlinks = o.get_bool("follow_symlinks");
  s.access_log = o.get_bool("access_log");
  s.max_header_bytes = std::size_t(o.get_size("max_header_bytes"));
  s.max_body_bytes = o.get_size("max_body_bytes");
  s.header_timeout = o.get_duration("header_timeout");
  s.keepalive_timeout = o.get_duration("keepalive_timeout");
  s.send_timeout = o.get_duration("send_timeout");
  s.max_requests_per_connection = o.get_int("max_requests_per_connection");
  s.server_name = o.get_string("server_name");
  s.file_cache_entries = std::size_t(o.get_int("file_cache_entries"));
  s.file_cache_max_file = std::size_t(o.get_size("file_cache_max_file"));
  s.file_cache_valid = o.get_duration("file_cache_valid");
  if (s.index.find('/') != std::string::npos || s.index == "." || s.index == "..")
    throw sockserv::Error("option 'index' must be a file name, got '" + s.index + "'");
  for (char c : s.server_name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw sockserv::Error("option 'server_name' may not hold control characters");
  return s;
}

/// One per server: the site every connection serves.
class HttpPlugin final : public sockserv::Plugin {
 public:
  explicit HttpPlugin(const sockserv::PluginContext& context)
      : site_(read_settings(context.options), context.log) {}

  static sockserv::PluginInfo info() {
    using sockserv::OptionType;
    return {
        "http",
        "1.0.0",
        "serves a folder over HTTP/1.1: files, listings, ranges, conditional requests",
        {sockserv::Transport::tcp, sockserv::Transport::unix_stream},
        {
            {"root", OptionType::path, "", "the folder served", "", "", {}, true},
            {"index", OptionType::string, "index.html",
             "file served for a directory; empty: none"},
            {"listing", OptionType::boolean, "false",
             "list a directory that has no index file (else 404)"},
            {"show_hidden", OptionType::boolean, "false",
             "serve and list names starting with '.' (else 404)"},
            {"follow_symlinks", OptionType::boolean, "false",
             "follow symlinks that lead out of root (else 404)"},
            {"access_log", OptionType::boolean, "true",
             "log each request in Common Log Format at info level"},
            {"max_header_bytes", OptionType::size, "16KiB",
             "longest request head: request line and fields (414, 431 past it)", "1KiB",
             "1MiB"},
            {"max_body_bytes", OptionType::size, "1MiB",
             "longest request body read and discarded (413 past it)", "0", "1TiB"},
            {"header_timeout", OptionType::duration, "10s",
             "time for a whole request head to arrive; each body read's timeout", "1ms", "1h"},
            {"keepalive_timeout", OptionType::duration, "15s",
             "how long an idle connection waits for its next request; 0: no keep-alive", "0",
             "1h"},
            {"send_timeout", OptionType::duration, "60s",
             "a client that takes no response bytes for this long is cut off", "1ms", "1h"},
            {"max_requests_per_connection", OptionType::integer, "1000",
             "requests served on one connection before it is closed", "1", "1000000"},
            {"server_name", OptionType::string, "sockserv",
             "value of the Server field; empty: none"},
            {"file_cache_entries", OptionType::integer, "256",
             "small files kept in memory, each checked with one stat per request; 0: none",
             "0", "100000"},
            {"file_cache_max_file", OptionType::size, "64KiB",
             "largest file kept in memory; larger ones go out with sendfile", "0", "16MiB"},
            {"file_cache_valid", OptionType::duration, "0s",
             "how long a checked cached file is served without checking it again "
             "(nginx's open_file_cache_valid); 0s: check every request",
             "0s", "1h"},
        }};
  }

  std::unique_ptr<sockserv::StreamHandler> make_stream_handler() override {
    return std::make_unique<Connection>(site_);
  }

 private:
  const Site site_;
};

}  // namespace
}  // namespace httpd

SOCKSERV_PLUGIN(httpd::HttpPlugin)
