// sockserv-load against the epoll references for a bounded count: every message sent is
// answered, and the JSON line's counts add up.
#include "support/process.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

using sockserv::test::Process;
using sockserv::test::run_to_end;
using namespace std::chrono_literals;

/// A reference server on a free port, stopped (by PID) at the end of the test.
class Reference {
 public:
  explicit Reference(std::vector<std::string> argv) : process_(argv) {
    EXPECT_TRUE(process_.wait_for_output("listening on", 10s)) << process_.err();
    std::smatch m;
    std::regex_search(process_.out(), m, std::regex("port (\\d+)"));
    port_ = m[1].str();
  }
  const std::string& port() const { return port_; }

 private:
  Process process_;
  std::string port_;
};

/// The number after "key": in a JSON line, or -1.
double field(const std::string& json, const std::string& key) {
  std::smatch m;
  if (!std::regex_search(json, m, std::regex("\"" + key + "\":([-0-9.e+]+)"))) return -1;
  return std::stod(m[1].str());
}

sockserv::test::Finished load(const std::string& mode, std::vector<std::string> args) {
  args.insert(args.begin(), {LOAD_BIN, mode});
  return run_to_end(args);
}

TEST(LoadTool, TcpPingPongAnswersExactlyTheCount) {
  Reference ref({REF_ECHO_BIN, "--port", "0"});
  auto r = load("tcp", {"--port", ref.port(), "--connections", "8", "--size", "100",
                        "--count", "2000", "--duration", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "messages"), 2000);
  EXPECT_EQ(field(r.out, "errors"), 0);
  EXPECT_GT(field(r.out, "p99_us"), 0);
  EXPECT_LE(field(r.out, "p50_us"), field(r.out, "p99_us"));
}

TEST(LoadTool, TcpLargeMessagesArriveWhole) {
  Reference ref({REF_ECHO_BIN, "--port", "0"});
  auto r = load("tcp", {"--port", ref.port(), "--connections", "2", "--size", "262144",
                        "--count", "50", "--duration", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "messages"), 50);
}

TEST(LoadTool, UdpPingPongAnswersExactlyTheCount) {
  Reference ref({REF_ECHO_BIN, "--port", "0"});
  auto r = load("udp", {"--port", ref.port(), "--connections", "4", "--count", "1000",
                        "--duration", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "messages") + field(r.out, "errors"), 1000);
  EXPECT_EQ(field(r.out, "errors"), 0);
}

TEST(LoadTool, ConnectionRateCountsEveryConnection) {
  Reference ref({REF_ECHO_BIN, "--port", "0"});
  auto r = load("connrate", {"--port", ref.port(), "--connections", "4", "--count", "300",
                             "--duration", "30"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "messages"), 300);
  EXPECT_EQ(field(r.out, "errors"), 0);
}

TEST(LoadTool, IdleConnectionsAllAnswerAfterTheHold) {
  Reference ref({REF_ECHO_BIN, "--port", "0"});
  sockserv::test::TempDir dir;
  auto r = load("idle", {"--port", ref.port(), "--connections", "300", "--hold", "0.1",
                         "--ready-file", dir / "ready"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(field(r.out, "opened"), 300);
  EXPECT_EQ(field(r.out, "answered"), 300);
  EXPECT_EQ(field(r.out, "dropped_while_idle"), 0);
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "ready"));
}

TEST(LoadTool, ClosedPortIsAnErrorNotASuccess) {
  auto r = load("connrate", {"--port", "1", "--connections", "1", "--count", "3",
                             "--duration", "5", "--timeout", "1"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(field(r.out, "messages"), 0);
}

TEST(LoadTool, UnknownOptionNamesTheValidOnes) {
  auto r = load("tcp", {"--prot", "80"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown option '--prot'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--port"), std::string::npos) << r.err;
}

TEST(HttpReference, ServesTheFileWithKeepAliveAndClose) {
  sockserv::test::TempDir dir;
  std::ofstream(dir.path() / "page.html") << std::string(600, 'p');
  Reference ref({REF_HTTP_BIN, "--port", "0", "--file", dir / "page.html"});
  // http.client: two requests on one connection, then one that asks to close.
  auto r = run_to_end({PYTHON3, "-c",
      "import http.client, sys\n"
      "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
      "for _ in range(2):\n"
      "    c.request('GET', '/page.html'); r = c.getresponse(); b = r.read()\n"
      "    assert r.status == 200 and b == b'p' * 600, (r.status, len(b))\n"
      "c.request('GET', '/page.html', headers={'Connection': 'close'})\n"
      "r = c.getresponse(); assert r.read() == b'p' * 600 and r.will_close\n"
      "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
      "c.request('GET', '/other'); assert c.getresponse().status == 404\n"
      "print('ok')\n",
      ref.port()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "ok\n");
}

}  // namespace
