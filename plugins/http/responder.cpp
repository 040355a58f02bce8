#include "responder.hpp"

#include "error_page.hpp"
#include "file_cache.hpp"
#include "file_plan.hpp"
#include "http_date.hpp"
#include "mime_types.hpp"

#include <sockserv/error.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace httpd {
namespace {

constexpr std::string_view html_type = "text/html; charset=utf-8";
// send_file runs under one deadline per call: a slice this size must move within
// send_timeout, so a slow reader is cut off only when it stalls.
constexpr std::uint64_t send_slice = 512 * 1024;

/// Closes a descriptor on scope exit.
struct FileCloser {
  int fd;
  ~FileCloser() {
    if (fd >= 0) ::close(fd);
  }
};

// Errors that mean "not there" to a client; anything else is the server's fault.
bool is_not_found(int error) {
  return error == ENOENT || error == ENOTDIR || error == EXDEV || error == ELOOP ||
         error == EACCES || error == EPERM || error == ENAMETOOLONG;
}

}  // namespace

Responder::Responder(const Site& site, sockserv::Stream& stream)
    : site_(site),
      stream_(stream),
      tcp_(stream.local().family() == AF_INET || stream.local().family() == AF_INET6) {}

void Responder::start(int status) {
  head_.start(status, current_http_date(), site_.settings.server_name);
}

void Responder::write_head(bool keep_alive, std::string_view body, bool body_follows) {
  std::string_view text = head_.finish(keep_alive, body);
  started_writing_ = true;
  stream_.set_timeout(site_.settings.send_timeout);
  if (keep_alive) push_at_once();
  if (keep_alive || body_follows)
    stream_.write_all(text);
  else
    stream_.write_last(text);  // the connection's last bytes: the FIN goes with them
}

void Responder::push_at_once() {
  // Nagle holds a short segment only while sent data is unacknowledged, so it cannot delay
  // a connection's first response, and a last response is pushed out by its FIN: only a
  // connection that stays open needs TCP_NODELAY (nginx sets it at keep-alive, too). Set
  // it then, once, and a Connection: close request costs no setsockopt.
  if (!tcp_ || nodelay_) return;
  int one = 1;
  ::setsockopt(stream_.native_handle(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  nodelay_ = true;
}

void Responder::cork(bool on) {
  // Head and body leave in full segments (nginx's tcp_nopush): TCP_CORK while writing, and
  // TCP_NODELAY (set for a kept-alive connection) pushes the tail out at once when uncorked.
  if (!tcp_) return;
  int value = on ? 1 : 0;
  ::setsockopt(stream_.native_handle(), IPPROTO_TCP, TCP_CORK, &value, sizeof value);
}

void Responder::send_continue() {
  stream_.set_timeout(site_.settings.send_timeout);
  stream_.write_all(std::string_view("HTTP/1.1 100 Continue\r\n\r\n"));
}

Outcome Responder::respond(const RequestHead& request, bool keep_alive) {
  started_writing_ = false;
  try {
    return route(request, keep_alive);
  } catch (const sockserv::Error&) {
    throw;  // the connection's own failures: timeouts, resets, cancellation
  } catch (const std::exception& e) {
    if (started_writing_) throw;
    site_.log->error("\"" + request.method_text + " " + request.target + "\": " + e.what());
    return respond_error(500, request.method == Method::head, false);
  }
}

Outcome Responder::route(const RequestHead& request, bool keep_alive) {
  bool head_only = request.method == Method::head;
  if (request.method == Method::other) {
    start(405);
    head_.add("Allow", "GET, HEAD");
    render_error_page(body_, 405, site_.settings.server_name);
    return send_body(html_type, false, keep_alive);
  }
  switch (resolve_target(request.target, site_.settings.show_hidden, target_)) {
    case TargetStatus::bad_request: return respond_error(400, head_only, false);
    case TargetStatus::not_found: return respond_error(404, head_only, keep_alive);
    case TargetStatus::ok: break;
  }
  if (auto cached = site_.cache.find(target_.relative, site_.root))
    return serve_file(-1, cached->st, target_.relative, request, keep_alive, cached.get());
  int fd = site_.root.open(target_.relative);
  if (fd < 0) {
    if (is_not_found(-fd)) return respond_error(404, head_only, keep_alive);
    throw std::system_error(-fd, std::generic_category(), "open " + target_.relative);
  }
  FileCloser closer{fd};
  return serve_opened(fd, request, keep_alive);
}

Outcome Responder::serve_opened(int fd, const RequestHead& request, bool keep_alive) {
  struct stat st {};
  if (::fstat(fd, &st) < 0)
    throw std::system_error(errno, std::generic_category(), "fstat " + target_.relative);
  if (S_ISDIR(st.st_mode)) return serve_directory(fd, request, keep_alive);
  if (!S_ISREG(st.st_mode)) return respond_error(404, request.method == Method::head, keep_alive);
  auto cached = site_.cache.add(target_.relative, fd, st);
  return serve_file(fd, st, target_.relative, request, keep_alive, cached.get());
}

Outcome Responder::serve_file(int fd, const struct stat& st, std::string_view name,
                              const RequestHead& request, bool keep_alive,
                              const CachedFile* cached) {
  FileMeta meta{std::uint64_t(st.st_size), std::int64_t(st.st_mtim.tv_sec),
                std::int64_t(st.st_mtim.tv_nsec)};
  char etag_buffer[etag_capacity];
  std::string_view etag = format_etag(meta, etag_buffer);
  bool head_only = request.method == Method::head;
  FilePlan plan = plan_file_response(meta, etag, request, !head_only);
  if (plan.status == 416) {
    start(416);
    head_.add_content_range(0, 0, meta.size);
    render_error_page(body_, 416, site_.settings.server_name);
    return send_body(html_type, head_only, keep_alive);
  }
  char last_modified[http_date_size];
  format_http_date(meta.mtime, last_modified);
  start(plan.status);
  head_.add("Last-Modified", std::string_view(last_modified, http_date_size));
  head_.add("ETag", etag);
  if (plan.status == 304) {
    write_head(keep_alive);
    return {304, 0, keep_alive};
  }
  head_.add("Content-Type", mime_type(name));
  head_.add("Content-Length", plan.length);
  head_.add("Accept-Ranges", "bytes");
  if (plan.status == 206) head_.add_content_range(plan.first, plan.length, meta.size);
  if (head_only || plan.length == 0) {
    write_head(keep_alive);
    return {plan.status, 0, keep_alive};
  }
  if (cached) {  // head and body in one send: no cork, no sendfile
    write_head(keep_alive, std::string_view(cached->body).substr(plan.first, plan.length));
    return {plan.status, plan.length, keep_alive};
  }
  cork(true);
  write_head(keep_alive, {}, true);
  std::uint64_t sent = send_file_body(fd, plan.first, plan.length);
  if (sent < plan.length) {  // the file shrank while being sent: the length was a lie
    site_.log->warn("file " + std::string(name) + " shrank while being sent; closing");
    keep_alive = false;
  }
  if (keep_alive)
    cork(false);
  else
    stream_.shutdown_write();  // pushes the corked tail out with the FIN
  return {plan.status, sent, keep_alive};
}

std::uint64_t Responder::send_file_body(int fd, std::uint64_t first, std::uint64_t length) {
  std::uint64_t sent = 0;
  while (sent < length) {
    std::uint64_t slice = std::min(length - sent, send_slice);
    std::uint64_t n = stream_.send_file(fd, first + sent, slice);  // zero-copy: sendfile(2)
    sent += n;
    if (n < slice) break;
  }
  return sent;
}

Outcome Responder::serve_directory(int fd, const RequestHead& request, bool keep_alive) {
  bool head_only = request.method == Method::head;
  if (!target_.trailing_slash) return redirect_to_slash(head_only, keep_alive);
  const Settings& s = site_.settings;
  if (!s.index.empty()) {
    scratch_.clear();
    if (target_.relative != ".") scratch_.append(target_.relative).push_back('/');
    scratch_ += s.index;
    int index_fd = site_.root.open(scratch_);
    if (index_fd >= 0) {
      FileCloser closer{index_fd};
      struct stat st {};
      if (::fstat(index_fd, &st) == 0 && S_ISREG(st.st_mode))
        return serve_file(index_fd, st, s.index, request, keep_alive);
    } else if (!is_not_found(-index_fd)) {
      throw std::system_error(-index_fd, std::generic_category(), "open " + scratch_);
    }
  }
  if (!s.listing) return respond_error(404, head_only, keep_alive);
  auto entries = site_.root.list(fd, target_.relative, s.show_hidden);
  scratch_ = target_.relative == "." ? "/" : "/" + target_.relative + "/";
  render_listing(body_, scratch_, entries);
  start(200);
  return send_body(html_type, head_only, keep_alive);
}

Outcome Responder::redirect_to_slash(bool head_only, bool keep_alive) {
  // From the path as sent, so its encoding survives; leading slashes collapsed, so
  // "//host/dir" cannot become a protocol-relative link to another site.
  std::string_view path = target_.raw_path;
  while (path.size() > 1 && path[1] == '/') path.remove_prefix(1);
  scratch_.assign(path);
  scratch_ += '/';
  if (target_.has_query) {
    scratch_ += '?';
    scratch_ += target_.query;
  }
  start(301);
  head_.add("Location", scratch_);
  body_.clear();
  return send_body(html_type, head_only, keep_alive);
}

Outcome Responder::respond_error(int status, bool head_only, bool keep_alive) {
  start(status);
  render_error_page(body_, status, site_.settings.server_name);
  return send_body(html_type, head_only, keep_alive);
}

Outcome Responder::send_body(std::string_view content_type, bool head_only, bool keep_alive) {
  int status = head_.status();
  head_.add("Content-Type", content_type);
  head_.add("Content-Length", body_.size());
  if (head_only) body_.clear();
  write_head(keep_alive, body_);
  return {status, body_.size(), keep_alive};
}

}  // namespace httpd
