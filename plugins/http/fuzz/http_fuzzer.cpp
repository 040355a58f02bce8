// libFuzzer target: request parsing (Beast, fed in fuzzer-chosen pieces, pipelined) and
// path resolution, with the invariants the server's safety rests on checked on every input.
// Built by scripts/fuzz.sh (SOCKSERV_FUZZ=ON, clang).
#include "byte_range.hpp"
#include "file_plan.hpp"
#include "http_date.hpp"
#include "path_resolver.hpp"
#include "request_reader.hpp"
#include "text_escape.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace httpd;

[[noreturn]] void fail(const char* what, std::string_view input) {
  std::fprintf(stderr, "invariant broken: %s (input %zu bytes)\n", what, input.size());
  std::abort();
}

/// Hands out the input in pieces of a fixed size, as a slow client would.
class PieceSource final : public ByteSource {
 public:
  PieceSource(std::string_view data, std::size_t piece) : data_(data), piece_(piece) {}
  std::size_t read_some(char* out, std::size_t size) override {
    std::size_t n = std::min({size, piece_, data_.size()});
    std::copy_n(data_.data(), n, out);
    data_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view data_;
  std::size_t piece_;
};

void check_target(std::string_view target, bool show_hidden) {
  ResolvedTarget r;
  if (resolve_target(target, show_hidden, r) != TargetStatus::ok) return;
  const std::string& p = r.relative;
  if (p.empty()) fail("empty relative path", target);
  if (r.raw_path.empty() || r.raw_path.front() != '/') fail("raw path not absolute", target);
  if (p == ".") return;
  if (p.front() == '/' || p.back() == '/') fail("relative path starts or ends with /", target);
  if (p.find('\0') != std::string::npos) fail("NUL in path", target);
  if (p.find('\\') != std::string::npos) fail("backslash in path", target);
  std::string_view rest = p;
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty()) fail("empty segment", target);
    if (segment == "." || segment == "..") fail("dot segment survived", target);
    if (!show_hidden && segment.front() == '.') fail("hidden segment served", target);
  }
}

void check_range(std::string_view header, std::uint64_t size) {
  RangeRequest r = parse_range(header, size);
  if (r.kind == RangeKind::single &&
      (r.length == 0 || r.first >= size || r.length > size - r.first))
    fail("range outside the file", header);
}

void check_date(std::string_view text) {
  auto t = parse_http_date(text);
  if (!t) return;
  char out[http_date_size];
  format_http_date(*t, out);
  auto again = parse_http_date(std::string_view(out, http_date_size));
  if (!again || *again != *t) fail("date does not survive a round trip", text);
}

void check_escapes(std::string_view text) {
  std::string out;
  append_html_escaped(out, text);
  if (out.find_first_of("<>\"'") != std::string::npos) fail("HTML escape leaked", text);
  out.clear();
  append_percent_encoded(out, text);
  if (out.find_first_of("/?#<>\" \\") != std::string::npos) fail("%-encoding leaked", text);
  out.clear();
  append_log_escaped(out, text);
  for (char c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == '"') fail("log escape leaked", text);
}

void check_head(const RequestHead& head, bool show_hidden) {
  check_target(head.target, show_hidden);
  for (std::uint64_t size : {0ull, 1ull, 1000ull}) check_range(head.range, size);
  check_date(head.if_modified_since);
  FileMeta meta{1000, 784111777, 5};
  char buffer[etag_capacity];
  std::string_view etag = format_etag(meta, buffer);
  FilePlan plan = plan_file_response(meta, etag, head, true);
  if (plan.first + plan.length > meta.size) fail("plan outside the file", head.target);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const unsigned control = data[0];
  std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t piece = 1 + (control & 0x1f) * 37;  // 1 .. 1148 bytes a read
  const bool show_hidden = control & 0x20;
  const std::size_t max_header = (control & 0x40) ? 1024 : 8192;
  const std::uint64_t max_body = (control & 0x80) ? 0 : 4096;

  PieceSource source(input, piece);
  RequestReader reader(max_header, max_body);
  RequestHead head;
  for (int i = 0; i < 64; ++i) {  // pipelined requests, as a connection reads them
    if (reader.read_head(source, head) != ReadStatus::ok) break;
    check_head(head, show_hidden);
    if (reader.body_pending() && reader.discard_body(source) != ReadStatus::ok) break;
  }
  // The raw bytes as a target, a header value, a date: beyond what Beast lets through.
  check_target(input, show_hidden);
  check_range(input, 1000);
  check_date(input);
  check_escapes(input);
  return 0;
}
