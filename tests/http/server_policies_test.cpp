// The representative behaviours under every policy the plugin is meant for: each test
// runs `sockserv run` under threading, forking and coroutine, and drives it with curl and
// python3's http.client and urllib.
#include "support/http_server.hpp"

#include <gtest/gtest.h>

#include <string>

namespace httpd::test {
namespace {

namespace fs = std::filesystem;

class HttpPolicies : public ::testing::TestWithParam<std::string> {
 protected:
  HttpServer server{GetParam()};
};

TEST_P(HttpPolicies, GetServesAFileWithItsHeaders) {
  CurlResult r = curl({server.url("/hello.txt")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.status, 200) << r.head;
  EXPECT_EQ(r.body, "hello world\n");
  EXPECT_EQ(r.field("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r.field("Content-Length"), "12");
  EXPECT_EQ(r.field("Server"), "sockserv");
  EXPECT_EQ(r.field("Accept-Ranges"), "bytes");
  EXPECT_TRUE(r.field("Date").ends_with(" GMT")) << r.head;
  EXPECT_TRUE(r.field("Last-Modified").ends_with(" GMT")) << r.head;
  EXPECT_TRUE(r.field("ETag").starts_with("\"")) << r.head;
}

TEST_P(HttpPolicies, HeadSendsTheSameHeadersAndNoBody) {
  CurlResult get = curl({server.url("/style.css")});
  CurlResult head = curl({"-I", "-o", "/dev/null", server.url("/style.css")});
  ASSERT_EQ(head.status, 200) << head.head;
  for (const char* name : {"Content-Type", "Content-Length", "ETag", "Last-Modified",
                           "Accept-Ranges", "Server", "Connection"})
    EXPECT_EQ(head.field(name), get.field(name)) << name;
  EXPECT_EQ(head.body, "");
  // Byte by byte: nothing follows the head, though Content-Length says 7.
  RawConnection raw(server.port());
  raw.send("HEAD /style.css HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(raw.wait_closed());
  EXPECT_TRUE(raw.buffered().ends_with("\r\n\r\n")) << raw.buffered();
  EXPECT_NE(raw.buffered().find("Content-Length: 7\r\n"), std::string::npos);
}

TEST_P(HttpPolicies, SingleRangeGives206) {
  CurlResult r = curl({"-r", "10-19", server.url("/range.bin")});
  ASSERT_EQ(r.status, 206) << r.head;
  EXPECT_EQ(r.field("Content-Range"), "bytes 10-19/1000");
  EXPECT_EQ(r.field("Content-Length"), "10");
  ASSERT_EQ(r.body.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) EXPECT_EQ(static_cast<unsigned char>(r.body[i]), 10 + i);
  CurlResult suffix = curl({"-r", "-3", server.url("/range.bin")});
  ASSERT_EQ(suffix.status, 206);
  EXPECT_EQ(suffix.field("Content-Range"), "bytes 997-999/1000");
  EXPECT_EQ(static_cast<unsigned char>(suffix.body.at(2)), 999 % 251);
}

TEST_P(HttpPolicies, KeepAliveServesManyRequestsOnOneConnection) {
  std::string out = python("keepalive.py", {"127.0.0.1", std::to_string(server.port()), "20",
                                            "/hello.txt"});
  EXPECT_NE(out.find("connections=1 "), std::string::npos) << out;
  EXPECT_NE(out.find("statuses=200,200,200"), std::string::npos) << out;
  EXPECT_NE(out.find("closes=0"), std::string::npos) << out;
}

TEST_P(HttpPolicies, PipelinedRequestsAreAnsweredInOrder) {
  std::vector<std::string> args = {"127.0.0.1", std::to_string(server.port())};
  for (int i = 0; i < 10; ++i) args.push_back("GET:/n" + std::to_string(i) + ".txt");
  args.insert(args.begin() + 5, "GET:/missing");
  args.insert(args.begin() + 7, "HEAD:/n1.txt");
  std::string out = python("pipeline.py", args);
  std::string expected;
  for (int i = 0; i < 10; ++i) {
    if (i == 3) expected += "404 <!DOCTYPE html>\\n<ht\n";
    if (i == 4) expected += "200 \n";  // the HEAD: no body
    expected += "200 number " + std::to_string(i) + "\n";
  }
  EXPECT_EQ(out, expected);
}

TEST_P(HttpPolicies, ThirtyTwoConcurrentClients) {
  std::string sha = Site::sha256(Site::www() / "mid.bin");
  std::string out = python("concurrent.py", {server.url("/mid.bin"), "32", sha});
  EXPECT_NE(out.find("ok=32 failed=0"), std::string::npos) << out;
}

TEST_P(HttpPolicies, SixtyFourMebibyteFileArrivesIntact) {
  std::string expected = Site::sha256(Site::big_file());
  fs::path copy = Site::base() / ("big-copy-" + GetParam());
  CurlResult r = curl({"-o", copy.string(), server.url("/big.bin")});
  ASSERT_EQ(r.status, 200) << r.head << r.err;
  EXPECT_EQ(r.field("Content-Length"), std::to_string(64 << 20));
  EXPECT_EQ(Site::sha256(copy), expected);
  fs::remove(copy);
}

TEST_P(HttpPolicies, TraversalVectorsAreNotFound) {
  for (const char* path :
       {"/../outside/secret.txt", "/%2e%2e/outside/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2foutside%2fsecret.txt", "/%2f..%2foutside%2fsecret.txt", "/docs/../../outside/secret.txt",
        "/.%2e/outside/secret.txt", "/..%5coutside%5csecret.txt", "/%00", "/hello.txt%00.html",
        "//etc/passwd", "/%2fetc%2fpasswd", "/link_out", "/dir_out/secret.txt", "/.secret",
        "/.git/config", "/%2egit/config"}) {
    CurlResult r = curl({"--path-as-is", server.url(path)});
    EXPECT_EQ(r.status, 404) << path << "\n" << r.head << r.err;
    EXPECT_EQ(r.body.find("SECRET"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
  }
  // Backslashes and an absolute-form target, by hand: curl rewrites them.
  RawConnection raw(server.port());
  for (const char* target : {"/..\\outside\\secret.txt", "/docs\\..\\..\\outside/secret.txt",
                             "http://x/../outside/secret.txt"}) {
    raw.send(std::string("GET ") + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
    std::string response = raw.read_response();
    EXPECT_TRUE(response.starts_with("HTTP/1.1 404 ")) << target << "\n" << response;
  }
}

INSTANTIATE_TEST_SUITE_P(Each, HttpPolicies,
                         ::testing::Values("threading", "forking", "coroutine"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace httpd::test
