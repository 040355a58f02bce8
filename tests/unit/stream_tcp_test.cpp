// Stream over a real TCP connection on loopback, for what only TCP shows: segments.
#include "support/test_client.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>

#include <linux/tcp.h>  // tcp_info with tcpi_segs_out (glibc's <netinet/tcp.h> lacks it)
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>
#include <utility>

namespace sockserv::test {
namespace {

/// A connected pair on 127.0.0.1: `stream` owns the accepted end, `client` the other.
class StreamTcpTest : public ::testing::Test {
 protected:
  StreamTcpTest() {
    int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    auto* sa = reinterpret_cast<sockaddr*>(&addr);
    if (listener < 0 || ::bind(listener, sa, len) < 0 || ::listen(listener, 1) < 0 ||
        ::getsockname(listener, sa, &len) < 0)
      throw SystemError("loopback listener", errno);
    client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    timeval tv{std::chrono::seconds(io_timeout).count(), 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (client < 0 || ::connect(client, sa, len) < 0) throw SystemError("connect", errno);
    int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    ::close(listener);
    if (fd < 0) throw SystemError("accept4", errno);
    stream = std::make_unique<Stream>(fd, Address(), Address());
    stream->set_timeout(io_timeout);
  }
  ~StreamTcpTest() override { ::close(client); }

  /// Segments the server's end has sent so far (SYN-ACK, data, FIN, pure ACKs).
  std::uint32_t segments_sent() const {
    tcp_info info{};
    socklen_t len = sizeof info;
    if (::getsockopt(stream->native_handle(), IPPROTO_TCP, TCP_INFO, &info, &len) < 0)
      throw SystemError("getsockopt TCP_INFO", errno);
    return info.tcpi_segs_out;
  }
  /// Everything the client reads until end of stream (or an error, or its timeout).
  std::string client_read_all() {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(client, buf, sizeof buf, 0)) > 0;) out.append(buf, std::size_t(n));
    return out;
  }

  std::unique_ptr<Stream> stream;
  int client = -1;
};

TEST_F(StreamTcpTest, WriteLastSendsAShortReplyAndTheFinInOneSegment) {
  // The client has sent no data, so the server owes no ACK: every segment counted here is
  // the reply's. write_all and a shutdown would send two (data, then a bare FIN).
  std::uint32_t before = segments_sent();
  stream->write_last("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(segments_sent() - before, 1u);
  EXPECT_EQ(client_read_all(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");  // then EOF
}

TEST_F(StreamTcpTest, WriteAllThenShutdownSendsTwoSegments) {
  // The comparison the test above rests on: counted the same way, the old way costs two.
  std::uint32_t before = segments_sent();
  stream->write_all("hi");
  stream->shutdown_write();
  EXPECT_EQ(segments_sent() - before, 2u);
  EXPECT_EQ(client_read_all(), "hi");
}

}  // namespace
}  // namespace sockserv::test
