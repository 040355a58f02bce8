// `log: {format: json}` through `sockserv run`: every line on stderr is one JSON object
// naming its server (or the supervisor), and the HTTP plugin's access lines are marked.
// Each line is parsed by python3's json module, not by our own code.
#include "support/process.hpp"
#include "support/run_helpers.hpp"
#include "support/test_client.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <csignal>
#include <fstream>

namespace sockserv::test {
namespace {

/// GET / with python3's http.client (a stock client); exits 0 on status 200.
constexpr const char* get_root =
    "import http.client, sys\n"
    "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)\n"
    "c.request('GET', '/'); r = c.getresponse(); r.read(); sys.exit(r.status != 200)\n";

/// Parses every line of `log` with json.loads and checks its fields; prints what is wrong
/// and exits 1 if anything is, and prints the access lines' messages otherwise.
constexpr const char* check_lines = R"PY(
import json, sys
bad = 0
for n, line in enumerate(open(sys.argv[1], encoding='utf-8'), 1):
    try:
        e = json.loads(line)
    except ValueError as err:
        print(f'line {n} is not JSON ({err}): {line!r}'); bad += 1; continue
    missing = [k for k in ('time', 'level', 'pid', 'message') if k not in e]
    if missing or ('server' not in e and e.get('process') != 'supervisor'):
        print(f'line {n} lacks {missing or "server"}: {line!r}'); bad += 1
    if e.get('kind') == 'access':
        print('access', e.get('server'), e.get('plugin'), e['message'])
sys.exit(1 if bad else 0)
)PY";

TEST(JsonLog, EveryLineParsesAndNamesItsServerAndAccessLinesAreMarked) {
  TempDir dir;
  std::string config = write_config(
      dir, "json.yaml",
      "log: {level: info, format: json}\n"
      "servers:\n"
      "  web:\n"
      "    listen: 'tcp://127.0.0.1:0'\n"
      "    handler: {plugin: http, root: '" SOCKSERV_SOURCE_DIR "/www'}\n"
      "  echo: {listen: 'tcp://127.0.0.1:0', handler: {plugin: echo}, processes: 2}\n");
  Process p({SOCKSERV_BIN, "run", config});
  ASSERT_TRUE(p.wait_for_output("\"server\":\"web\",\"plugin\":\"http\"", 20s)) << p.err();
  ASSERT_TRUE(p.wait_for_output("\"worker\":\"echo#2\"", 20s)) << p.err();
  auto web = p.lines_with("\"server\":\"web\"");
  auto at = web.front().find("listening on tcp://127.0.0.1:");
  ASSERT_NE(at, std::string::npos) << web.front();
  std::string port = std::to_string(std::stoi(web.front().substr(at + 29)));

  // A target with a quote, a backslash and UTF-8, as a client may send: the access line
  // writes them as \xNN (CLF), whose backslashes JSON escapes in turn.
  Client client(Endpoint::parse("tcp://127.0.0.1:" + port));
  client.send("GET /index.html?q=\"a\\b\"&name=caf\xC3\xA9 HTTP/1.0\r\n\r\n");
  EXPECT_FALSE(client.receive_all().empty());
  auto get = run_to_end({PYTHON3_BIN, "-c", get_root, port});
  EXPECT_EQ(get.exit_code, 0) << get.err;
  ASSERT_TRUE(p.wait_for_output("GET / HTTP/1.1", 20s)) << p.err();

  p.signal(SIGTERM);
  auto status = p.wait(30s);
  ASSERT_TRUE(status) << p.err();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << p.err();
  EXPECT_EQ(p.err().back(), '\n');
  std::ofstream(dir.path() / "stderr.log", std::ios::binary) << p.err();
  std::ofstream(dir.path() / "check.py") << check_lines;
  auto r = run_to_end({PYTHON3_BIN, dir / "check.py", dir / "stderr.log"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << "\nthe log:\n" << p.err();
  EXPECT_NE(r.out.find("access web http 127.0.0.1 - - ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("GET /index.html?q=\x22a\x5Cb\x22&name=caf\xC3\xA9 HTTP/1.0")"),
            std::string::npos)
      << "python3 reads back the access line as the plugin wrote it:\n" << r.out;
  EXPECT_NE(r.out.find("\"GET / HTTP/1.1\" 200"), std::string::npos) << r.out;
}

TEST(JsonLog, TextLinesNameTheServerToo) {
  TempDir dir;
  std::string config = write_config(
      dir, "text.yaml",
      "log: {format: text}\n"
      "servers:\n"
      "  web: {listen: 'tcp://127.0.0.1:0', handler: {plugin: http, root: '" SOCKSERV_SOURCE_DIR "/www'}}\n");
  Process p({SOCKSERV_BIN, "run", config});
  ASSERT_TRUE(p.wait_for_output("[web] listening on", 20s)) << p.err();
  auto endpoint = listening(p, "web");
  ASSERT_TRUE(endpoint);
  auto get = run_to_end({PYTHON3_BIN, "-c", get_root, std::to_string(endpoint->port)});
  EXPECT_EQ(get.exit_code, 0) << get.err;
  ASSERT_TRUE(p.wait_for_output("\"GET / HTTP/1.1\" 200", 20s)) << p.err();
  auto access = p.lines_with("\"GET / HTTP/1.1\" 200");
  ASSERT_EQ(access.size(), 1u);
  EXPECT_NE(access[0].find(" info  [web] 127.0.0.1 - - ["), std::string::npos) << access[0];
  p.signal(SIGTERM);
  ASSERT_TRUE(p.wait(30s));
}

}  // namespace
}  // namespace sockserv::test
