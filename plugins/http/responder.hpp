#pragma once
// Answers one request on a connection: routes it to a file, a directory (index, listing or
// redirect) or an error page, and writes the response.

#include "path_resolver.hpp"
#include "request_head.hpp"
#include "response_head.hpp"
#include "site.hpp"

#include <sockserv/stream.hpp>

#include <cstdint>
#include <string>

struct stat;

namespace httpd {
struct CachedFile;
}

namespace httpd {

/// What was sent, for the access log and the connection loop.
struct Outcome {
  int status = 0;
  std::uint64_t bytes = 0;   ///< body bytes sent
  bool keep_alive = false;   ///< the connection may serve another request
};

/// One per connection; its buffers are reused by every request on it.
class Responder {
 public:
  Responder(const Site& site, sockserv::Stream& stream);

  /// Answers `request`, whose head and body have been read. `keep_alive`: whether the
  /// connection may go on afterwards as far as the caller knows. A failure before anything
  /// was sent is answered with 500 (and logged); Stream errors propagate.
  Outcome respond(const RequestHead& request, bool keep_alive);
  /// Answers with the error page of `status`; `head_only` for HEAD.
  Outcome respond_error(int status, bool head_only, bool keep_alive);
  /// Sends "100 Continue", so a client that asked for it sends the body.
  void send_continue();

 private:
  Outcome route(const RequestHead& request, bool keep_alive);
  Outcome serve_opened(int fd, const RequestHead& request, bool keep_alive);
  Outcome serve_file(int fd, const struct stat& st, std::string_view name,
                     const RequestHead& request, bool keep_alive,
                     const CachedFile* cached = nullptr);
  Outcome serve_directory(int fd, const RequestHead& request, bool keep_alive);
  Outcome redirect_to_slash(bool head_only, bool keep_alive);
  Outcome send_body(std::string_view content_type, bool head_only, bool keep_alive);
  void start(int status);
  /// Writes the head and `body`: the whole response, unless `body_follows`.
  void write_head(bool keep_alive, std::string_view body = {}, bool body_follows = false);
  /// Turns Nagle off before the first response that keeps the connection open.
  void push_at_once();
  std::uint64_t send_file_body(int fd, std::uint64_t first, std::uint64_t length);
  void cork(bool on);

  const Site& site_;
  sockserv::Stream& stream_;
  bool tcp_;
  bool started_writing_ = false;
  bool nodelay_ = false;  // TCP_NODELAY set on this connection
  ResponseHead head_;
  ResolvedTarget target_;
  std::string body_;
  std::string scratch_;
};

}  // namespace httpd
