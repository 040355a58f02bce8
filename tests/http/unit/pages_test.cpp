// The text the server writes: error pages, listings, response heads, log lines, escapes.
#include "access_log.hpp"
#include "directory_listing.hpp"
#include "error_page.hpp"
#include "response_head.hpp"
#include "text_escape.hpp"

#include <gtest/gtest.h>

namespace httpd {
namespace {

std::string html(std::string_view s) {
  std::string out;
  append_html_escaped(out, s);
  return out;
}
std::string percent(std::string_view s) {
  std::string out;
  append_percent_encoded(out, s);
  return out;
}
std::string logged(std::string_view s) {
  std::string out;
  append_log_escaped(out, s);
  return out;
}

TEST(Escapes, HtmlPercentAndLog) {
  EXPECT_EQ(html("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;&lt;/a&gt;");
  EXPECT_EQ(percent("a b/c?d#e%f:g~h-i_j.k"), "a%20b%2Fc%3Fd%23e%25f%3Ag~h-i_j.k");
  EXPECT_EQ(percent("\xC3\xA9"), "%C3%A9");
  EXPECT_EQ(logged("GET /\"x\"\r\n\\ \x7f\xff"), "GET /\\x22x\\x22\\x0D\\x0A\\x5C \\x7F\\xFF");
}

TEST(ErrorPage, NamesTheStatusAndEscapesTheSignature) {
  std::string page;
  render_error_page(page, 404, "<srv>");
  EXPECT_NE(page.find("<title>404 Not Found</title>"), std::string::npos) << page;
  EXPECT_NE(page.find("<address>&lt;srv&gt;</address>"), std::string::npos) << page;
  for (int status : {400, 405, 413, 414, 416, 431, 500}) {
    render_error_page(page, status, "s");
    EXPECT_NE(page.find("<h1>" + std::to_string(status) + " " + std::string(reason_phrase(status))),
              std::string::npos);
    EXPECT_NE(reason_phrase(status), "Unknown");
  }
}

TEST(ResponseHead, StatusLineFieldsAndConnection) {
  ResponseHead h;
  h.start(206, "Sun, 06 Nov 1994 08:49:37 GMT", "sockserv");
  h.add("Content-Length", std::uint64_t(10));
  h.add_content_range(10, 10, 100);
  EXPECT_EQ(h.finish(true, "body"),
            "HTTP/1.1 206 Partial Content\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            "Server: sockserv\r\nContent-Length: 10\r\nContent-Range: bytes 10-19/100\r\n"
            "Connection: keep-alive\r\n\r\nbody");
  h.start(416, "D", "");
  h.add_content_range(0, 0, 100);
  EXPECT_EQ(h.finish(false),
            "HTTP/1.1 416 Range Not Satisfiable\r\nDate: D\r\nContent-Range: bytes */100\r\n"
            "Connection: close\r\n\r\n");
  EXPECT_EQ(h.status(), 416);
}

TEST(DirectoryListing, SortedEscapedEncodedWithSizesAndDates) {
  std::vector<ListingEntry> entries = {
      {"b.txt", false, 12, 784111777},
      {"A dir", true, 4096, 0},
      {"<script>.html", false, 3, 0},
      {"a.txt", false, 1, 0},
  };
  std::string page;
  render_listing(page, "/sub <x>/", entries);
  EXPECT_NE(page.find("<title>Directory listing for /sub &lt;x&gt;/</title>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"../\">"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"A%20dir/\">A dir/</a></td><td>-</td>"), std::string::npos) << page;
  EXPECT_NE(page.find("<a href=\"%3Cscript%3E.html\">&lt;script&gt;.html</a>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"b.txt\">b.txt</a></td><td>12</td><td>1994-11-06 08:49</td>"),
            std::string::npos);
  EXPECT_EQ(page.find("<script>"), std::string::npos);
  std::size_t a = page.find("a.txt"), dir = page.find("A dir"), b = page.find("b.txt"),
              s = page.find("script");
  EXPECT_LT(s, a);  // '<' sorts before letters
  EXPECT_LT(dir, a);  // "a dir" < "a.txt" without regard to case
  EXPECT_LT(a, b);
}

TEST(DirectoryListing, RootHasNoParentLink) {
  std::vector<ListingEntry> none;
  std::string page;
  render_listing(page, "/", none);
  EXPECT_EQ(page.find("../"), std::string::npos);
}

TEST(AccessLog, CommonLogFormat) {
  std::string line;
  format_access_log(line, {"127.0.0.1", 784111777, "GET", "/a b\"", 11, 200, 2326});
  EXPECT_EQ(line, "127.0.0.1 - - [06/Nov/1994:08:49:37 +0000] \"GET /a b\\x22 HTTP/1.1\" 200 2326");
  format_access_log(line, {"::1", 0, "", "", 0, 400, 0});
  EXPECT_EQ(line, "::1 - - [01/Jan/1970:00:00:00 +0000] \"-\" 400 -");
  format_access_log(line, {"", 0, "HEAD", "/", 10, 304, 0});
  EXPECT_EQ(line, "- - - [01/Jan/1970:00:00:00 +0000] \"HEAD / HTTP/1.0\" 304 -");
}

}  // namespace
}  // namespace httpd
