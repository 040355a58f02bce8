// Everything else the plugin promises, each under one policy (coroutine, the shipped
// config's, unless a test says otherwise): caching, directories, errors, limits, logs.
#include "support/http_server.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

namespace httpd::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

void expect_error_page(const CurlResult& r, int status) {
  EXPECT_EQ(r.status, status) << r.head << r.err;
  EXPECT_EQ(r.field("Content-Type"), "text/html; charset=utf-8") << status;
  EXPECT_NE(r.body.find("<h1>" + std::to_string(status) + " "), std::string::npos) << r.body;
  EXPECT_EQ(r.field("Content-Length"), std::to_string(r.body.size()));
}

TEST(HttpServer, ConditionalRequests) {
  HttpServer server("coroutine");
  CurlResult first = curl({server.url("/hello.txt")});
  std::string etag = first.field("ETag"), modified = first.field("Last-Modified");
  ASSERT_FALSE(etag.empty());

  CurlResult r = curl({"-H", "If-None-Match: " + etag, server.url("/hello.txt")});
  EXPECT_EQ(r.status, 304) << r.head;
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.field("ETag"), etag);
  r = curl({"-H", "If-None-Match: \"other\", W/" + etag, server.url("/hello.txt")});
  EXPECT_EQ(r.status, 304) << "weak comparison";
  r = curl({"-H", "If-None-Match: \"other\"", server.url("/hello.txt")});
  EXPECT_EQ(r.status, 200);

  r = curl({"-H", "If-Modified-Since: " + modified, server.url("/hello.txt")});
  EXPECT_EQ(r.status, 304) << r.head;
  r = curl({"-H", "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT", server.url("/hello.txt")});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello world\n");

  r = curl({"-r", "0-4", "-H", "If-Range: " + etag, server.url("/hello.txt")});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "hello");
  r = curl({"-r", "0-4", "-H", "If-Range: \"stale\"", server.url("/hello.txt")});
  EXPECT_EQ(r.status, 200) << "a stale If-Range gets the whole file";
  EXPECT_EQ(r.body, "hello world\n");
  r = curl({"-r", "0-4", "-H", "If-Range: " + modified, server.url("/hello.txt")});
  EXPECT_EQ(r.status, 206);
}

TEST(HttpServer, RangesThatCannotOrNeedNotBeServed) {
  HttpServer server("coroutine");
  CurlResult r = curl({"-r", "1000-", server.url("/range.bin")});
  expect_error_page(r, 416);
  EXPECT_EQ(r.field("Content-Range"), "bytes */1000");
  r = curl({"-r", "0-1,5-6", server.url("/range.bin")});
  EXPECT_EQ(r.status, 200) << "several ranges: the whole file";
  EXPECT_EQ(r.body.size(), 1000u);
}

TEST(HttpServer, DirectoriesRedirectToTheSlashThenServeTheirIndex) {
  HttpServer server("coroutine");
  CurlResult r = curl({server.url("/docs?sort=name&x=%20")});
  EXPECT_EQ(r.status, 301) << r.head;
  EXPECT_EQ(r.field("Location"), "/docs/?sort=name&x=%20");
  r = curl({server.url("/docs/c%20dir")});
  EXPECT_EQ(r.field("Location"), "/docs/c%20dir/");
  r = curl({"--path-as-is", server.url("//docs")});
  EXPECT_EQ(r.field("Location"), "/docs/") << "never a protocol-relative //host link";
  r = curl({"-L", server.url("/site")});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<p>site index</p>\n");
  EXPECT_EQ(r.field("Content-Type"), "text/html; charset=utf-8");
  r = curl({server.url("/")});
  EXPECT_EQ(r.body, "<h1>test site</h1>\n");
}

TEST(HttpServer, ListingIsSortedEscapedAndEncoded) {
  HttpServer server("coroutine");
  CurlResult r = curl({server.url("/docs/")});
  ASSERT_EQ(r.status, 200) << r.head;
  EXPECT_EQ(r.field("Content-Type"), "text/html; charset=utf-8");
  const std::string& page = r.body;
  EXPECT_NE(page.find("Directory listing for /docs/"), std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"%3Codd%3E%26name.txt\">&lt;odd&gt;&amp;name.txt</a>"),
            std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"a%20file.txt\">a file.txt</a></td><td>1</td>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"b.md\">b.md</a></td><td>2</td>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"c%20dir/\">c dir/</a></td><td>-</td>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"../\">"), std::string::npos);
  EXPECT_EQ(page.find("hidden-in-docs"), std::string::npos) << "dotfiles are not listed";
  EXPECT_TRUE(std::regex_search(page, std::regex("<td>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d</td>")));
  std::size_t odd = page.find("&lt;odd"), a = page.find(">a file"), b = page.find(">b.md"),
              c = page.find(">c dir"), zeta = page.find(">Zeta/");
  EXPECT_LT(odd, a);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, zeta) << "sorted without regard to case";

  r = curl({server.url("/")});  // the root has an index.html: served, not listed
  EXPECT_EQ(r.body, "<h1>test site</h1>\n");
}

TEST(HttpServer, ListingLeavesOutLinksLeadingOut) {
  HttpServer server("threading", {"index: ''"});
  CurlResult r = curl({server.url("/")});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(">link_in</a>"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("link_out"), std::string::npos);
  EXPECT_EQ(r.body.find("dir_out"), std::string::npos);
  EXPECT_EQ(r.body.find(".secret"), std::string::npos);
}

TEST(HttpServer, WithoutListingADirectoryWithoutIndexIsNotFound) {
  HttpServer server("coroutine", {"listing: false"});
  expect_error_page(curl({server.url("/docs/")}), 404);
  EXPECT_EQ(curl({server.url("/site/")}).status, 200);
}

TEST(HttpServer, ContentTypeFollowsTheExtension) {
  HttpServer server("coroutine");
  for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
           {"/index.html", "text/html; charset=utf-8"},
           {"/style.css", "text/css; charset=utf-8"},
           {"/app.js", "text/javascript; charset=utf-8"},
           {"/data.json", "application/json"},
           {"/logo.svg", "image/svg+xml"},
           {"/image.png", "image/png"},
           {"/photo.JPG", "image/jpeg"},
           {"/notes.md", "text/markdown; charset=utf-8"},
           {"/blob", "application/octet-stream"}}) {
    CurlResult r = curl({server.url(path)});
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.field("Content-Type"), type) << path;
  }
}

TEST(HttpServer, OtherMethodsGet405WithAllow) {
  HttpServer server("coroutine");
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "BREW"}) {
    CurlResult r = curl({"-X", method, server.url("/hello.txt")});
    expect_error_page(r, 405);
    EXPECT_EQ(r.field("Allow"), "GET, HEAD") << method;
  }
}

TEST(HttpServer, RequestBodiesAreReadAndDiscarded) {
  HttpServer server("coroutine");
  // Expect: 100-continue: the server says continue, reads the body, then answers; the
  // connection then serves the next request (curl reuses it for the second URL).
  std::string body(300 * 1024, 'x');
  fs::path file = Site::base() / "body-300k";
  std::ofstream(file) << body;
  CurlResult r = curl({"-H", "Expect: 100-continue", "--data-binary", "@" + file.string(),
                       server.url("/hello.txt"), "-X", "GET"});
  EXPECT_EQ(r.status, 200) << r.head << r.err;
  EXPECT_EQ(r.body, "hello world\n");
  RawConnection raw(server.port());
  raw.send("GET /n1.txt HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nabcde"
           "GET /n2.txt HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
           "3\r\nabc\r\n0\r\n\r\n"
           "GET /n3.txt HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_TRUE(raw.read_response().ends_with("number 1"));
  EXPECT_TRUE(raw.read_response().ends_with("number 2"));
  EXPECT_TRUE(raw.read_response().ends_with("number 3"));
}

TEST(HttpServer, OversizeBodyGets413) {
  HttpServer server("coroutine", {"max_body_bytes: 64KiB"});
  fs::path file = Site::base() / "body-1m";
  std::ofstream(file) << std::string(1 << 20, 'y');
  CurlResult r = curl({"--data-binary", "@" + file.string(), server.url("/hello.txt")});
  expect_error_page(r, 413);
  EXPECT_EQ(r.field("Connection"), "close");
  RawConnection raw(server.port());
  raw.send("GET / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n" +
           std::string(0x10000, 'z') + "\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
  EXPECT_TRUE(raw.read_response().starts_with("HTTP/1.1 413 ")) << raw.buffered();
  EXPECT_TRUE(raw.wait_closed());
}

TEST(HttpServer, MalformedRequestsGet400AndTheConnectionCloses) {
  HttpServer server("coroutine");
  for (const char* request :
       {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nNo colon\r\n\r\n", "GET /\x01 HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n" /* no Host */, "GET %zz HTTP/1.1\r\nHost: t\r\n\r\n",
        "GET /%zz HTTP/1.1\r\nHost: t\r\n\r\n", "GET * HTTP/1.1\r\nHost: t\r\n\r\n"}) {
    RawConnection raw(server.port());
    raw.send(request);
    std::string response = raw.read_response();
    EXPECT_TRUE(response.starts_with("HTTP/1.1 400 Bad Request\r\n")) << request << response;
    EXPECT_NE(response.find("<h1>400 Bad Request</h1>"), std::string::npos);
    EXPECT_TRUE(raw.wait_closed()) << request;
  }
  EXPECT_EQ(curl({server.url("/hello.txt")}).status, 200) << "the server goes on";
}

TEST(HttpServer, OverlongTargetGets414AndOversizeHeadGets431) {
  HttpServer server("coroutine", {"max_header_bytes: 4KiB"});
  expect_error_page(curl({server.url("/" + std::string(5000, 'a'))}), 414);
  CurlResult r = curl({"-H", "X-Big: " + std::string(5000, 'b'), server.url("/hello.txt")});
  expect_error_page(r, 431);
  EXPECT_EQ(curl({"-H", "X-Fits: " + std::string(3000, 'c'), server.url("/hello.txt")}).status, 200);
}

TEST(HttpServer, MissingFileGets404PageAndServerFaultGets500) {
  HttpServer server("coroutine");
  expect_error_page(curl({server.url("/nope.txt")}), 404);
  std::string out = python("fetch.py", {server.url("/nope.txt")});
  EXPECT_TRUE(out.starts_with("404 text/html; charset=utf-8 ")) << out;
  // A socket file in the root: open(2) fails with ENXIO, which is the server's problem.
  expect_error_page(curl({server.url("/sock")}), 500);
  EXPECT_TRUE(server.wait_log("error")) << "a 500 is logged";
  EXPECT_EQ(curl({server.url("/hello.txt")}).status, 200) << "the server goes on";
}

TEST(HttpServer, Http10ClosesUnlessItAsksForKeepAlive) {
  HttpServer server("coroutine");
  {
    RawConnection raw(server.port());
    raw.send("GET /hello.txt HTTP/1.0\r\n\r\n");
    std::string response = raw.read_response();
    EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos) << response;
    EXPECT_TRUE(raw.wait_closed());
  }
  {
    RawConnection raw(server.port());
    raw.send("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    std::string response = raw.read_response();
    EXPECT_NE(response.find("Connection: keep-alive\r\n"), std::string::npos) << response;
    raw.send("GET /n1.txt HTTP/1.0\r\n\r\n");
    EXPECT_TRUE(raw.read_response().ends_with("number 1"));
    EXPECT_TRUE(raw.wait_closed());
  }
  std::string out = python("keepalive.py", {"127.0.0.1", std::to_string(server.port()), "5",
                                            "/hello.txt", "1.0"});
  EXPECT_NE(out.find("connections=1 statuses=200,200,200,200,200"), std::string::npos) << out;
}

TEST(HttpServer, HttpOneOneClosesWhenAsked) {
  HttpServer server("coroutine");
  RawConnection raw(server.port());
  raw.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.read_response().find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(raw.wait_closed());
}

TEST(HttpServer, HeaderTimeoutCutsOffAClientThatTricklesItsHead) {
  HttpServer server("coroutine", {"header_timeout: 500ms"});
  RawConnection raw(server.port());
  auto start = Clock::now();
  raw.send("GET /hello.txt HTTP/1.1\r\n");
  // One byte every 100 ms: each read is quick, the head never ends. Only a deadline for
  // the whole head stops it.
  bool closed = false;
  for (int i = 0; i < 100 && !closed; ++i) {
    raw.send("X");
    closed = raw.closed_within(100ms);
  }
  EXPECT_TRUE(closed) << "still open after 10 s of trickling";
  EXPECT_GE(Clock::now() - start, 450ms);
  EXPECT_EQ(raw.buffered(), "") << "cut off without an answer";
}

TEST(HttpServer, KeepaliveTimeoutClosesAnIdleConnection) {
  HttpServer server("threading", {"keepalive_timeout: 300ms"});
  RawConnection raw(server.port());
  raw.send("GET /hello.txt HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(raw.read_response().ends_with("hello world\n"));
  auto idle = Clock::now();
  EXPECT_TRUE(raw.wait_closed(10s));
  EXPECT_GE(Clock::now() - idle, 250ms);
}

TEST(HttpServer, MaxRequestsPerConnection) {
  HttpServer server("coroutine", {"max_requests_per_connection: 3"});
  std::string out = python("keepalive.py", {"127.0.0.1", std::to_string(server.port()), "5",
                                            "/hello.txt"});
  EXPECT_NE(out.find("connections=2 statuses=200,200,200,200,200 closes=1"), std::string::npos)
      << out;
}

TEST(HttpServer, AccessLogInCommonLogFormat) {
  HttpServer server("coroutine");
  curl({server.url("/hello.txt")});
  curl({"--path-as-is", server.url("/nope\"x")});
  ASSERT_TRUE(server.wait_log("\"GET /nope\\x22x HTTP/1.1\" 404 "));
  auto lines = server.process().lines_with("\"GET /hello.txt HTTP/1.1\"");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_TRUE(std::regex_search(
      lines[0], std::regex("\\[web\\] 127\\.0\\.0\\.1 - - \\[\\d\\d/[A-Z][a-z]{2}/\\d{4}:\\d\\d:"
                           "\\d\\d:\\d\\d \\+0000\\] \"GET /hello\\.txt HTTP/1\\.1\" 200 12$")))
      << lines[0];
}

TEST(HttpServer, AccessLogCanBeTurnedOff) {
  HttpServer server("coroutine", {"access_log: false"});
  curl({server.url("/hello.txt")});
  curl({server.url("/sock")});  // logged as an error, which proves the log is read
  ASSERT_TRUE(server.wait_log("sock"));
  EXPECT_TRUE(server.process().lines_with("\"GET /hello.txt").empty());
}

TEST(HttpServer, HiddenFilesAndOutwardSymlinksWhenAllowed) {
  HttpServer server("forking", {"show_hidden: true", "follow_symlinks: true"});
  EXPECT_EQ(curl({server.url("/.secret")}).body, "dotfile secret\n");
  EXPECT_EQ(curl({server.url("/link_out")}).body, "OUTSIDE SECRET\n");
  EXPECT_EQ(curl({server.url("/dir_out/secret.txt")}).body, "OUTSIDE SECRET\n");
  EXPECT_EQ(curl({"--path-as-is", server.url("/../outside/secret.txt")}).status, 404)
      << "'..' never leaves the root";
}

TEST(HttpServer, ServesOverAUnixSocket) {
  std::string path = (Site::base() / "http.sock").string();
  HttpServer server("coroutine", {}, "unix://" + path);
  CurlResult r = curl({"--unix-socket", path, "http://localhost/hello.txt"});
  EXPECT_EQ(r.status, 200) << r.err;
  EXPECT_EQ(r.body, "hello world\n");
}

TEST(HttpServer, TheShippedSiteSaysWhatSockservIs) {
  HttpServer server("coroutine", {"root: '" SOCKSERV_SOURCE_DIR "/www'"});
  CurlResult r = curl({server.url("/")});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("sockserv"), std::string::npos);
  EXPECT_NE(r.body.find("socketserver"), std::string::npos);
}

}  // namespace
}  // namespace httpd::test
