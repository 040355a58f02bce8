#include "http_request.hpp"

#include <gtest/gtest.h>

namespace bench {
namespace {

TEST(HttpReferenceRequest, KeepAliveFollowsVersionAndConnection) {
  std::string in =
      "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /b HTTP/1.1\r\nConnection: Close\r\n\r\n"
      "GET /c HTTP/1.0\r\n\r\n"
      "HEAD /d HTTP/1.0\r\nconnection: foo, keep-alive\r\n\r\nGET /e";
  auto a = take_request(in), b = take_request(in), c = take_request(in), d = take_request(in);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_TRUE(a->get && a->keep_alive);
  EXPECT_EQ(a->target, "/a");
  EXPECT_FALSE(b->keep_alive);
  EXPECT_FALSE(c->keep_alive);
  EXPECT_TRUE(d->head && d->keep_alive);
  EXPECT_FALSE(take_request(in));  // "GET /e" is not a whole head yet
  EXPECT_EQ(in, "GET /e");
}

TEST(HttpReferenceRequest, BodiesAndMalformedLinesAreBadAndClose) {
  std::string in =
      "POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
      "GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
      "GET / HTTP/2.0\r\n\r\n"
      "nonsense\r\n\r\n";
  auto post = take_request(in), empty_body = take_request(in), v2 = take_request(in),
       junk = take_request(in);
  ASSERT_TRUE(post && empty_body && v2 && junk);
  EXPECT_TRUE(post->bad);
  EXPECT_FALSE(post->keep_alive);
  EXPECT_FALSE(empty_body->bad);
  EXPECT_TRUE(v2->bad);
  EXPECT_TRUE(junk->bad);
}

}  // namespace
}  // namespace bench
