// Stream over one end of a socketpair; the test plays the peer on the other end.
#include "support/test_client.hpp"

#include <sockserv/error.hpp>
#include <sockserv/stream.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <fstream>
#include <future>
#include <memory>
#include <string>
#include <utility>

namespace sockserv::test {
namespace {

class StreamTest : public ::testing::Test {
 protected:
  StreamTest() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0)
      throw SystemError("socketpair", errno);
    stream = std::make_unique<Stream>(fds[0], Address(), Address());
    // A bug must fail a test, not hang it.
    stream->set_timeout(io_timeout);
    peer = fds[1];
    ::fcntl(peer, F_SETFL, ::fcntl(peer, F_GETFL) & ~O_NONBLOCK);  // the peer blocks
    timeval tv{std::chrono::seconds(io_timeout).count(), 0};
    ::setsockopt(peer, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(peer, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  }
  ~StreamTest() override { close_peer(); }

  void peer_send(const std::string& data) {
    ASSERT_EQ(::send(peer, data.data(), data.size(), MSG_NOSIGNAL), ssize_t(data.size()));
  }
  void close_peer() {
    if (peer >= 0) ::close(std::exchange(peer, -1));
  }
  /// Everything the peer reads until end of stream (or an error, or its timeout).
  std::string peer_read_all() {
    std::string out;
    char buf[64 * 1024];
    while (true) {
      ssize_t n = ::recv(peer, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, std::size_t(n));
    }
    return out;
  }
  std::string read_some(std::size_t size) {
    std::string out(size, '\0');
    out.resize(stream->read_some(out.data(), out.size()));
    return out;
  }

  std::unique_ptr<Stream> stream;
  int peer = -1;
};

TEST_F(StreamTest, ReadLineRemovesLfAndCrlf) {
  peer_send("one\r\ntwo\nthree\r\n\n\r\nlone\rcr\n");
  EXPECT_EQ(stream->read_line(), "one");
  EXPECT_EQ(stream->read_line(), "two");
  EXPECT_EQ(stream->read_line(), "three");
  EXPECT_EQ(stream->read_line(), "");
  EXPECT_EQ(stream->read_line(), "");
  EXPECT_EQ(stream->read_line(), "lone\rcr");
}

TEST_F(StreamTest, ReadLineJoinsALineSentInPieces) {
  peer_send("hel");
  peer_send("lo wor");
  peer_send("ld\nnext\n");
  EXPECT_EQ(stream->read_line(), "hello world");
  EXPECT_EQ(stream->read_line(), "next");
}

TEST_F(StreamTest, FinalLineWithoutNewlineIsReturnedAtEndOfStream) {
  peer_send("first\nlast");
  close_peer();
  EXPECT_EQ(stream->read_line(), "first");
  EXPECT_EQ(stream->read_line(), "last");
  EXPECT_EQ(stream->read_line(), std::nullopt);
}

TEST_F(StreamTest, ReadLineIsNulloptAtEndOfStream) {
  close_peer();
  EXPECT_EQ(stream->read_line(), std::nullopt);
  EXPECT_EQ(stream->read_line(), std::nullopt);
}

TEST_F(StreamTest, LineOfExactlyTheLimitIsAccepted) {
  peer_send("12345678\n87654321");
  close_peer();
  EXPECT_EQ(stream->read_line(8), "12345678");
  EXPECT_EQ(stream->read_line(8), "87654321");  // at end of stream, also exactly the limit
}

TEST_F(StreamTest, LineLongerThanTheLimitThrows) {
  peer_send("123456789\n");
  EXPECT_THROW(stream->read_line(8), LineTooLongError);
}

TEST_F(StreamTest, LimitCountsBytesWithoutANewlineYet) {
  peer_send("123456789");  // no newline, more than the limit: no need to wait for more
  EXPECT_THROW(stream->read_line(8), LineTooLongError);
}

TEST_F(StreamTest, LongLineBelowTheLimitOverManyReads) {
  std::string line(200 * 1024, 'x');
  auto sent = std::async(std::launch::async, [&] { peer_send(line + "\n"); });
  EXPECT_EQ(stream->read_line(line.size()), line);
  sent.get();
}

TEST_F(StreamTest, ReadExactReadsAllAskedAcrossSends) {
  peer_send("hello");
  peer_send(" world");
  std::string got(11, '\0');
  EXPECT_EQ(stream->read_exact(got.data(), got.size()), 11u);
  EXPECT_EQ(got, "hello world");
}

TEST_F(StreamTest, ReadExactIsShortAtEndOfStream) {
  peer_send("abc");
  close_peer();
  std::string got(10, '\0');
  EXPECT_EQ(stream->read_exact(got.data(), got.size()), 3u);
  EXPECT_EQ(got.substr(0, 3), "abc");
  EXPECT_EQ(stream->read_exact(got.data(), got.size()), 0u);
}

TEST_F(StreamTest, ReadSomeIsServedFromTheReadLineBufferFirst) {
  peer_send("line\nrest-of-data");  // one send: read_line reads it all into its buffer
  EXPECT_EQ(stream->read_line(), "line");
  peer_send("MORE");
  EXPECT_EQ(read_some(100), "rest-of-data") << "the buffer alone, before the socket";
  EXPECT_EQ(read_some(100), "MORE");
}

TEST_F(StreamTest, ReadExactContinuesFromTheBufferIntoTheSocket) {
  peer_send("line\nabc");
  EXPECT_EQ(stream->read_line(), "line");
  EXPECT_EQ(read_some(2), "ab");
  peer_send("def");
  std::string got(4, '\0');
  EXPECT_EQ(stream->read_exact(got.data(), got.size()), 4u);
  EXPECT_EQ(got, "cdef");
}

TEST_F(StreamTest, ReadSomeIsZeroAtEndOfStream) {
  close_peer();
  EXPECT_EQ(read_some(10), "");
}

TEST_F(StreamTest, ReadTimesOut) {
  stream->set_timeout(std::chrono::milliseconds(50));
  EXPECT_EQ(stream->timeout(), std::chrono::milliseconds(50));
  char c;
  EXPECT_THROW(stream->read_some(&c, 1), TimeoutError);
  EXPECT_THROW(stream->read_exact(&c, 1), TimeoutError);
  EXPECT_THROW(stream->read_line(), TimeoutError);
}

TEST_F(StreamTest, ReadLineGoesOnWhereItWasAfterATimeout) {
  stream->set_timeout(std::chrono::milliseconds(50));
  peer_send("partial");
  EXPECT_THROW(stream->read_line(), TimeoutError);
  peer_send(" line\nnext");
  EXPECT_EQ(stream->read_line(), "partial line");
  EXPECT_EQ(read_some(100), "next");
}

TEST_F(StreamTest, ReadSomeAfterAReadLineTimeoutReadsNothingMadeUp) {
  stream->set_timeout(std::chrono::milliseconds(50));
  EXPECT_THROW(stream->read_line(), TimeoutError);
  peer_send("real");
  EXPECT_EQ(read_some(100), "real");
}

TEST_F(StreamTest, WriteTimesOutWhenThePeerDoesNotRead) {
  stream->set_timeout(std::chrono::milliseconds(50));
  std::string big(64 * 1024 * 1024, 'x');  // far more than a socketpair buffers
  EXPECT_THROW(stream->write_all(big), TimeoutError);
}

TEST_F(StreamTest, WriteAllDeliversEverything) {
  std::string data(4 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = char(i * 7 + i / 251);
  auto read = std::async(std::launch::async, [&] { return peer_read_all(); });
  stream->write_all(data);
  stream->shutdown_write();
  EXPECT_EQ(read.get(), data);
}

TEST_F(StreamTest, SendFileSendsTheWholeFile) {
  TempDir dir;
  std::string content(3 * 1024 * 1024 + 17, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = char(i * 31 + i / 977);
  std::ofstream(dir / "data.bin", std::ios::binary) << content;
  auto read = std::async(std::launch::async, [&] { return peer_read_all(); });
  EXPECT_EQ(stream->send_file(std::filesystem::path(dir / "data.bin")), content.size());
  stream->shutdown_write();
  std::string got = read.get();
  EXPECT_EQ(got.size(), content.size());
  EXPECT_TRUE(got == content) << "the bytes received differ from the file's";
}

TEST_F(StreamTest, SendFileRangeStopsAtTheEndOfTheFile) {
  TempDir dir;
  std::ofstream(dir / "digits.txt") << "0123456789";
  int fd = ::open((dir / "digits.txt").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(stream->send_file(fd, 3, 4), 4u);
  EXPECT_EQ(stream->send_file(fd, 8, 100), 2u);
  ::close(fd);
  stream->shutdown_write();
  EXPECT_EQ(peer_read_all(), "345689");
}

TEST_F(StreamTest, SendFileToAClosedPeerThrowsConnectionErrorNotSigpipe) {
  // SIGPIPE's default action would end this test process, so passing proves it was not raised.
  TempDir dir;
  std::ofstream(dir / "data.bin", std::ios::binary) << std::string(1 << 20, 'x');
  close_peer();
  EXPECT_THROW(stream->send_file(std::filesystem::path(dir / "data.bin")), ConnectionError);
}

TEST_F(StreamTest, SendFileOfAMissingFileThrowsSystemError) {
  TempDir dir;
  EXPECT_THROW(stream->send_file(std::filesystem::path(dir / "missing")), SystemError);
}

TEST_F(StreamTest, ShutdownWriteEndsThePeersReadingButNotOurs) {
  stream->write_all("bye");
  stream->shutdown_write();
  EXPECT_EQ(peer_read_all(), "bye");  // returns only at end of stream
  peer_send("still listening\n");
  EXPECT_EQ(stream->read_line(), "still listening");
}

TEST_F(StreamTest, WriteLastDeliversEverythingThenEndOfStreamAndReadingGoesOn) {
  // Larger than the socket buffers: the partial sends, each with MSG_MORE, lose nothing.
  std::string data(4 * 1024 * 1024, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = char(i * 13 + i / 509);
  auto read = std::async(std::launch::async, [&] { return peer_read_all(); });
  stream->write_last(data);
  EXPECT_TRUE(read.get() == data) << "the peer did not read exactly the bytes written";
  peer_send("still listening\n");
  EXPECT_EQ(stream->read_line(), "still listening");
}

TEST_F(StreamTest, WriteToAClosedPeerThrowsConnectionError) {
  close_peer();
  try {
    stream->write_all("anyone there?");
    FAIL() << "the write succeeded";
  } catch (const ConnectionError& e) {
    EXPECT_TRUE(e.code() == EPIPE || e.code() == ECONNRESET) << e.what();
  }
}

}  // namespace
}  // namespace sockserv::test
