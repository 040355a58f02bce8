// Request parsing as the http plugin does it per request: RequestReader::read_head over
// bytes already in memory (the socket's part is left out), for the request wrk sends and
// for a browser-like one with more fields, one at a time and pipelined.
#include "request_reader.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <string>

namespace {

const std::string wrk_request = "GET /small.html HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
const std::string browser_request =
    "GET /docs/index.html?lang=en HTTP/1.1\r\nHost: example.org\r\n"
    "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0\r\n"
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
    "Accept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\n"
    "Connection: keep-alive\r\nIf-None-Match: \"5f3a-1b2c\"\r\n"
    "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n";

/// The same bytes over and over, as a keep-alive connection delivers them.
class Repeating final : public httpd::ByteSource {
 public:
  Repeating(const std::string& one, int per_read) {
    for (int i = 0; i < per_read; ++i) chunk_ += one;
  }
  std::size_t read_some(char* out, std::size_t size) override {
    std::size_t n = std::min(size, chunk_.size());  // a whole chunk fits the reader's buffer
    std::copy_n(chunk_.data(), n, out);
    return n;
  }

 private:
  std::string chunk_;
};

void parse(benchmark::State& state, const std::string& request, int pipelined) {
  Repeating source(request, pipelined);
  httpd::RequestReader reader(16 * 1024, 1024 * 1024);
  httpd::RequestHead head;
  for (auto _ : state) {
    if (reader.read_head(source, head) != httpd::ReadStatus::ok) state.SkipWithError("parse");
    benchmark::DoNotOptimize(head.target.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(request.size()));
}

void BM_ParseWrkRequest(benchmark::State& s) { parse(s, wrk_request, 1); }
void BM_ParseWrkRequestPipelined16(benchmark::State& s) { parse(s, wrk_request, 16); }
void BM_ParseBrowserRequest(benchmark::State& s) { parse(s, browser_request, 1); }

}  // namespace

BENCHMARK(BM_ParseWrkRequest);
BENCHMARK(BM_ParseWrkRequestPipelined16);
BENCHMARK(BM_ParseBrowserRequest);
