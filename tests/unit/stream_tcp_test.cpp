// Stream over a real TCP connection on loopback, for what only TCP shows: segments, and
// sendfile(2) cut short by a shutdown.
#include "sendfile_interposer.hpp"
#include "support/tcp_pair.hpp"
#include "support/test_client.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>

#include <linux/tcp.h>  // tcp_info with tcpi_segs_out (glibc's <netinet/tcp.h> lacks it)
#include <netinet/in.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <memory>
#include <string>
#include <utility>

namespace sockserv::test {
namespace {

/// A connected pair on 127.0.0.1: `stream` owns the accepted end, `client` the other.
class StreamTcpTest : public ::testing::Test {
 protected:
  StreamTcpTest() : client(pair.client) {
    timeval tv{std::chrono::seconds(io_timeout).count(), 0};
    ::setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    stream = std::make_unique<Stream>(pair.take_accepted(), Address(), Address());
    stream->set_timeout(io_timeout);
  }

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

  TcpPair pair;  // first: the members below are made from it
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

/// Counts the SIGPIPEs delivered to the process while it lives (by default one would end
/// the process, and the test binary with it, instead of failing one test).
class SigpipeCounter {
 public:
  SigpipeCounter() {
    count_ = 0;
    struct sigaction counting{};
    counting.sa_handler = [](int) { ++count_; };
    sigemptyset(&counting.sa_mask);
    ::sigaction(SIGPIPE, &counting, &previous_);
  }
  ~SigpipeCounter() { ::sigaction(SIGPIPE, &previous_, nullptr); }
  SigpipeCounter(const SigpipeCounter&) = delete;
  SigpipeCounter& operator=(const SigpipeCounter&) = delete;
  int delivered() const { return count_.load(); }

 private:
  static inline std::atomic<int> count_{0};  // lock-free: safe in a signal handler
  struct sigaction previous_{};
};

TEST_F(StreamTcpTest, SendFileCutShortByAShutdownLeavesNoSigpipe) {
  // An FTP ABOR shuts a download's data connection down from the control task while the
  // transfer task is inside sendfile(2). That call returns the bytes it moved, yet its
  // failed last piece raised SIGPIPE, which killed the whole server process (the flaky
  // ftp.Ftp.AborStopsADownload). send_file must end with ConnectionError and no signal.
  int file = ::memfd_create("send_file_payload", MFD_CLOEXEC);
  ASSERT_GE(file, 0);
  std::string payload(8192, 'p');
  ASSERT_EQ(::write(file, payload.data(), payload.size()), ssize_t(payload.size()));
  SigpipeCounter sigpipes;
  break_next_sendfile();
  EXPECT_THROW(stream->send_file(file, 0, payload.size()), ConnectionError);
  ::close(file);
  ASSERT_TRUE(broken_sendfile_raised_sigpipe()) << "the kernel raised no SIGPIPE to take back";
  EXPECT_EQ(sigpipes.delivered(), 0);
  EXPECT_EQ(client_read_all(), payload.substr(0, payload.size() / 2));
}

}  // namespace
}  // namespace sockserv::test
