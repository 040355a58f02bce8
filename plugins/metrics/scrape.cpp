#include "scrape.hpp"

#include "exposition.hpp"
#include "http_date.hpp"
#include "request_reader.hpp"
#include "response_head.hpp"

#include <sockserv/error.hpp>
#include <sockserv/metrics.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/version.hpp>

namespace metrics {
namespace {

constexpr std::size_t max_header_bytes = 16 * 1024;

/// The reader's bytes come straight from the Stream, under its timeout.
class StreamSource final : public httpd::ByteSource {
 public:
  explicit StreamSource(sockserv::Stream& stream) : stream_(stream) {}
  std::size_t read_some(char* data, std::size_t size) override {
    return stream_.read_some(data, size);
  }

 private:
  sockserv::Stream& stream_;
};

/// The status a request gets, and the body a 200 carries.
int route(const httpd::RequestHead& request, const std::string& path) {
  std::string_view target = request.target;
  target = target.substr(0, target.find('?'));  // Prometheus may add parameters
  if (target != path) return 404;
  if (request.method != httpd::Method::get && request.method != httpd::Method::head) return 405;
  return 200;
}

std::string_view short_body(int status) {
  switch (status) {
    case 404: return "not found: metrics are served at the configured path\n";
    case 405: return "method not allowed: use GET\n";
    default: return "bad request\n";
  }
}

/// Sends one response; `keep_alive` false closes the connection after it.
void respond(sockserv::Stream& stream, httpd::ResponseHead& head, int status, bool head_only,
             bool keep_alive, std::string_view body, std::string_view type) {
  head.start(status, httpd::current_http_date(), "sockserv");
  head.add("Content-Type", type);
  head.add("Content-Length", std::uint64_t(body.size()));
  if (status == 405) head.add("Allow", "GET, HEAD");
  stream.write_all(head.finish(keep_alive, head_only ? std::string_view() : body));
}

}  // namespace

void Scrape::handle(sockserv::Stream& stream) {
  stream.set_timeout(settings_.timeout);
  StreamSource source(stream);
  httpd::RequestReader reader(max_header_bytes, 0);
  httpd::RequestHead request;
  httpd::ResponseHead head;
  std::string body;
  try {
    for (;;) {
      httpd::ReadStatus status = reader.read_head(source, request);
      if (status == httpd::ReadStatus::closed || status == httpd::ReadStatus::truncated) return;
      if (status == httpd::ReadStatus::ok && reader.body_pending())
        status = reader.discard_body(source);  // no body is allowed: 413
      if (status != httpd::ReadStatus::ok) {
        int code = httpd::status_of(status);
        return respond(stream, head, code, false, false, short_body(code), "text/plain");
      }
      int code = route(request, settings_.path);
      bool head_only = request.method == httpd::Method::head;
      if (code == 200) {
        render(sockserv::metrics_snapshot(), SOCKSERV_VERSION, body);
        respond(stream, head, 200, head_only, request.keep_alive, body, content_type);
      } else {
        respond(stream, head, code, head_only, request.keep_alive, short_body(code),
                "text/plain");
      }
      if (!request.keep_alive) return;
    }
  } catch (const sockserv::TimeoutError&) {
    // an idle keep-alive connection, or a client too slow to send its request: close
  } catch (const sockserv::ConnectionError&) {
    // the scraper went away
  }
}

}  // namespace metrics
