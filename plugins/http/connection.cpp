#include "connection.hpp"

#include "access_log.hpp"
#include "request_reader.hpp"
#include "responder.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>


#include <ctime>

namespace httpd {
namespace {

using sockserv::Clock;
using sockserv::Deadline;
using sockserv::Duration;

/// Feeds the reader from the Stream under a deadline for a whole phase (a request head
/// must arrive by then, however it trickles) or a timeout for each read (bodies).
class StreamSource final : public ByteSource {
 public:
  explicit StreamSource(sockserv::Stream& stream) : stream_(stream) {}

  /// Every later read must finish by `deadline`.
  void set_deadline(Deadline deadline) {
    deadline_ = deadline;
    per_read_ = Duration::zero();
  }
  /// Every later read may wait `timeout`, counted afresh.
  void set_per_read(Duration timeout) { per_read_ = timeout; }

  std::size_t read_some(char* data, std::size_t size) override {
    if (per_read_ > Duration::zero()) {
      stream_.set_timeout(per_read_);
    } else {
      Duration left = deadline_ - Clock::now();
      if (left <= Duration::zero()) throw sockserv::TimeoutError("request head timed out");
      stream_.set_timeout(left);
    }
    return stream_.read_some(data, size);
  }

 private:
  sockserv::Stream& stream_;
  Deadline deadline_ = sockserv::no_deadline;
  Duration per_read_{};
};

bool stopping() {
  const sockserv::Stop* stop = sockserv::Task::current().stop();
  return stop != nullptr && stop->requested();
}

// After refusing a request whose rest is unread, read a little of it before closing: a
// close with unread data sends RST, which can destroy the response before the client
// reads it (nginx's lingering close).
void linger(sockserv::Stream& stream) {
  try {
    stream.shutdown_write();
    Deadline until = Clock::now() + std::chrono::seconds(2);
    char sink[4096];
    for (std::size_t total = 0; total < 1024 * 1024;) {
      Duration left = until - Clock::now();
      if (left <= Duration::zero()) break;
      stream.set_timeout(left);
      std::size_t n = stream.read_some(sink, sizeof sink);
      if (n == 0) break;
      total += n;
    }
  } catch (const sockserv::TimeoutError&) {
  } catch (const sockserv::ConnectionError&) {
  }
}

}  // namespace

void Connection::handle(sockserv::Stream& stream) {
  try {
    serve(stream);
  } catch (const sockserv::TimeoutError&) {
    // header_timeout, keepalive_timeout or send_timeout: just close
  } catch (const sockserv::ConnectionError&) {
    // the client went away
  }
}

void Connection::serve(sockserv::Stream& stream) {
  const Settings& s = site_.settings;
  StreamSource source(stream);
  RequestReader reader(s.max_header_bytes, s.max_body_bytes);
  Responder responder(site_, stream);
  RequestHead request;
  std::string peer;  // formatted on the first logged request: inet_ntop is ~15% of a short one
  std::string log_line;
  bool log_access = s.access_log && site_.log->enabled(sockserv::LogLevel::info);
  auto log = [&](const Outcome& o) {
    if (!log_access) return;
    if (peer.empty()) peer = stream.peer().host();
    format_access_log(log_line, {peer, std::int64_t(std::time(nullptr)), request.method_text,
                                 request.target, request.version, o.status, o.bytes});
    site_.log->access(log_line);
  };

  Deadline head_deadline = Clock::now() + s.header_timeout;  // the first request's
  for (std::int64_t served = 0; served < s.max_requests_per_connection;) {
    if (served > 0) {
      if (stopping()) return;
      if (!reader.buffered()) {
        source.set_deadline(Clock::now() + s.keepalive_timeout);
        if (!reader.fill(source)) return;
      }
      head_deadline = Clock::now() + s.header_timeout;  // from the next request's first byte
    }
    source.set_deadline(head_deadline);
    ReadStatus status = reader.read_head(source, request);
    if (status == ReadStatus::closed || status == ReadStatus::truncated) return;
    if (status != ReadStatus::ok) {
      log(responder.respond_error(status_of(status), request.method == Method::head, false));
      return linger(stream);
    }
    ++served;
    bool keep_alive = request.keep_alive && served < s.max_requests_per_connection &&
                      s.keepalive_timeout > Duration::zero();
    if (request.version == 11 && request.host_count != 1) {  // RFC 9112 §3.2
      log(responder.respond_error(400, request.method == Method::head, false));
      return linger(stream);
    }
    if (reader.body_pending()) {
      if (request.expect_continue && request.version == 11) responder.send_continue();
      source.set_per_read(s.header_timeout);
      status = reader.discard_body(source);
      if (status == ReadStatus::truncated) return;
      if (status != ReadStatus::ok) {
        log(responder.respond_error(status_of(status), request.method == Method::head, false));
        return linger(stream);
      }
    }
    Outcome outcome = responder.respond(request, keep_alive);
    log(outcome);
    if (!outcome.keep_alive) return;
  }
}

}  // namespace httpd
