// The file plugin through the real `sockserv run`, driven by stock clients: python3's
// ftplib (clients/ftp_client.py) and curl. The main flows run under threading, forking and
// coroutine; the rest under threading.
#include "ftp_server.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>

#include <fstream>
#include <regex>

namespace sockserv::test {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Finished curl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{CURL_BIN, "-sS", "--max-time", "30"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_to_end(argv);
}

std::string url(const FtpServer& server, const std::string& path) {
  return "ftp://127.0.0.1:" + std::to_string(server.port()) + "/" + path;
}

bool no_upload_temps(const fs::path& folder) {
  for (const auto& entry : fs::directory_iterator(folder))
    if (contains(entry.path().filename().string(), ".upload-")) return false;
  return true;
}

class FtpPolicy : public ::testing::TestWithParam<std::string> {
 protected:
  FtpServer server{GetParam(), false};  // tests that need big.bin call add_big()
};

TEST_P(FtpPolicy, AnonymousListsAndDownloads16MiBIntact) {
  server.add_big();
  auto list = server.client({"anonymous", "guest@", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.out << list.err;
  EXPECT_TRUE(contains(list.out, "big.bin")) << list.out;
  EXPECT_TRUE(contains(list.out, std::to_string(16 << 20))) << list.out;
  EXPECT_TRUE(contains(list.out, "drwx")) << "folders are listed as such\n" << list.out;
  auto get = server.client({"anonymous", "guest@", "get", "big.bin", server.local() / "big.bin"});
  ASSERT_EQ(get.exit_code, 0) << get.out << get.err;
  EXPECT_TRUE(contains(get.out, "226")) << get.out;
  EXPECT_TRUE(contains(get.out, server.big_sha())) << get.out;
}

TEST_P(FtpPolicy, UserUploadsAndTheFileArrivesWhole) {
  write_pattern(server.local() / "up.bin", 5 << 20, 7);
  auto put = server.client({"alice", "wonderland", "put", server.local() / "up.bin", "up.bin"});
  ASSERT_EQ(put.exit_code, 0) << put.out << put.err;
  EXPECT_TRUE(contains(put.out, "226")) << put.out;
  EXPECT_EQ(FtpTools::sha256(server.root() / "up.bin"), FtpTools::sha256(server.local() / "up.bin"));
  EXPECT_TRUE(no_upload_temps(server.root()));
}

TEST_P(FtpPolicy, FourTransfersAtOnce) {
  write_pattern(server.root() / "mid.bin", 4 << 20, 2);
  write_pattern(server.local() / "a.bin", 2 << 20, 3);
  write_pattern(server.local() / "b.bin", 2 << 20, 4);
  auto mid_sha = FtpTools::sha256(server.root() / "mid.bin");
  std::vector<std::unique_ptr<Process>> clients;
  clients.push_back(server.start_client({"anonymous", "x@", "get", "mid.bin", server.local() / "g1"}));
  clients.push_back(server.start_client({"bob", "builder", "get", "mid.bin", server.local() / "g2"}));
  // two uploads of one name: they never interleave, the last complete one wins
  clients.push_back(server.start_client({"alice", "wonderland", "put", server.local() / "a.bin", "same.bin"}));
  clients.push_back(server.start_client({"alice", "wonderland", "put", server.local() / "b.bin", "same.bin"}));
  for (auto& c : clients) {
    auto status = c->wait(60s);
    ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << c->out() << c->err();
  }
  EXPECT_TRUE(contains(clients[0]->out(), mid_sha));
  EXPECT_TRUE(contains(clients[1]->out(), mid_sha));
  EXPECT_TRUE(contains(clients[2]->out(), "226") && contains(clients[3]->out(), "226"));
  auto got = FtpTools::sha256(server.root() / "same.bin");
  EXPECT_TRUE(got == FtpTools::sha256(server.local() / "a.bin") ||
              got == FtpTools::sha256(server.local() / "b.bin"))
      << "same.bin is one whole upload";
  EXPECT_TRUE(no_upload_temps(server.root()));
}

TEST_P(FtpPolicy, CurlDownloadsUploadsAndResumes) {
  server.add_big();
  auto get = curl({url(server, "big.bin"), "-o", server.local() / "c.bin"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(FtpTools::sha256(server.local() / "c.bin"), server.big_sha());
  // a partial download resumed with -C -
  fs::resize_file(server.local() / "c.bin", 3 << 20);
  auto resume = curl({"-C", "-", url(server, "big.bin"), "-o", server.local() / "c.bin"});
  ASSERT_EQ(resume.exit_code, 0) << resume.err;
  EXPECT_EQ(FtpTools::sha256(server.local() / "c.bin"), server.big_sha());
  // an upload as alice, then resumed from a truncated copy
  auto up = curl({"--user", "alice:wonderland", "-T", server.local() / "c.bin", url(server, "c.bin")});
  ASSERT_EQ(up.exit_code, 0) << up.err;
  EXPECT_EQ(FtpTools::sha256(server.root() / "c.bin"), server.big_sha());
  fs::resize_file(server.root() / "c.bin", 5 << 20);
  auto up2 = curl({"--user", "alice:wonderland", "-C", "-", "-T", server.local() / "c.bin",
                   url(server, "c.bin")});
  ASSERT_EQ(up2.exit_code, 0) << up2.err;
  EXPECT_EQ(FtpTools::sha256(server.root() / "c.bin"), server.big_sha());
}

INSTANTIATE_TEST_SUITE_P(Policies, FtpPolicy,
                         ::testing::Values("threading", "forking", "coroutine"),
                         [](const auto& info) { return info.param; });

class Ftp : public ::testing::Test {
 protected:
  FtpServer server{"threading", false};  // tests that need big.bin call add_big()
};

TEST_F(Ftp, BadPasswordIsRefusedDelayedAndLogged) {
  auto r = server.client({"alice", "wrong", "cmds", "PWD"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(contains(r.out, "530")) << r.out;
  EXPECT_TRUE(server.process().wait_for_output("failed login as 'alice'", 10s)) << server.process().err();
  auto unknown = server.client({"mallory", "x", "cmds", "PWD"});
  EXPECT_TRUE(contains(unknown.out, "530")) << unknown.out;
}

TEST_F(Ftp, TooManyFailedLoginsCloseTheConnection) {
  auto r = server.client({"-", "-", "cmds", "USER alice", "PASS a", "USER alice", "PASS b", "NOOP"},
                         "tight");
  auto lines = lines_of(r.out);
  ASSERT_GE(lines.size(), 4u) << r.out;
  EXPECT_TRUE(lines[1].starts_with("530")) << r.out;
  EXPECT_TRUE(lines[3].starts_with("421")) << r.out;
  EXPECT_FALSE(contains(r.out, "200")) << "closed after max_login_attempts\n" << r.out;
}

TEST_F(Ftp, UserLoginAndCommandReplies) {
  auto r = server.client({"alice", "wonderland", "cmds", "SYST", "PWD", "TYPE I", "TYPE A", "TYPE X",
                          "MODE S", "MODE B", "STRU F", "OPTS UTF8 ON", "NOOP", "FEAT", "HELP",
                          "SIZE hello.txt", "MDTM hello.txt", "MLST hello.txt", "XYZZY",
                          "RNTO x", "RETR hello.txt", "LIST", "REST 5"});
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 20u) << r.out;
  EXPECT_TRUE(l[0].starts_with("215 UNIX")) << l[0];
  EXPECT_EQ(l[1].substr(0, 8), "257 \"/\" ");
  EXPECT_TRUE(l[2].starts_with("200") && l[3].starts_with("200") && l[4].starts_with("504"));
  EXPECT_TRUE(l[5].starts_with("200") && l[6].starts_with("504") && l[7].starts_with("200"));
  EXPECT_TRUE(l[8].starts_with("200") && l[9].starts_with("200"));
  EXPECT_TRUE(l[10].starts_with("211-Features:") && contains(l[10], "EPSV") &&
              contains(l[10], "211 End")) << l[10];
  EXPECT_TRUE(l[11].starts_with("214-") && contains(l[11], "MLSD")) << l[11];
  EXPECT_EQ(l[12], "213 13");
  EXPECT_TRUE(l[13].starts_with("213 2")) << l[13];
  EXPECT_TRUE(l[14].starts_with("250-") && contains(l[14], "type=file;size=13;")) << l[14];
  EXPECT_TRUE(l[15].starts_with("502")) << l[15];
  EXPECT_TRUE(l[16].starts_with("503")) << "RNTO without RNFR: " << l[16];
  EXPECT_TRUE(l[17].starts_with("503")) << "RETR without PASV/PORT: " << l[17];
  EXPECT_TRUE(l[18].starts_with("503")) << l[18];
  EXPECT_TRUE(l[19].starts_with("350")) << l[19];
  auto before = server.client({"-", "-", "cmds", "PWD", "USER bob", "PASS builder", "PWD"});
  auto b = lines_of(before.out);
  ASSERT_EQ(b.size(), 4u) << before.out;
  EXPECT_TRUE(b[0].starts_with("530") && b[1].starts_with("331") && b[2].starts_with("230") &&
              b[3].starts_with("257")) << before.out;
}

TEST_F(Ftp, ListingsNlstAndMlsd) {
  auto n = server.client({"anonymous", "x@", "nlst"});
  EXPECT_EQ(n.out, "docs\nhello.txt\n");
  auto m = server.client({"anonymous", "x@", "mlsd"});
  EXPECT_TRUE(contains(m.out, "docs dir")) << m.out;
  EXPECT_TRUE(contains(m.out, "hello.txt file 13")) << m.out;
  auto sub = server.client({"anonymous", "x@", "list", "docs"});
  EXPECT_TRUE(contains(sub.out, "readme.txt")) << sub.out;
}

TEST_F(Ftp, ResumedDownloadWithRest) {
  server.add_big();
  auto part = server.local() / "part.bin";
  {
    std::ifstream in(server.root() / "big.bin", std::ios::binary);
    std::string head(1 << 20, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    std::ofstream(part, std::ios::binary) << head;
  }
  auto r = server.client({"anonymous", "x@", "get", "big.bin", part, std::to_string(1 << 20)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, server.big_sha())) << r.out;
}

TEST_F(Ftp, ResumedUploadWithRestAndAppe) {
  write_pattern(server.local() / "u.bin", 3 << 20, 9);
  std::string whole = read_all(server.local() / "u.bin");
  std::ofstream(server.root() / "u.bin", std::ios::binary) << whole.substr(0, 1 << 20);
  auto r = server.client({"alice", "wonderland", "put", server.local() / "u.bin", "u.bin",
                          std::to_string(1 << 20)});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(read_all(server.root() / "u.bin"), whole);
  std::ofstream(server.root() / "v.bin", std::ios::binary) << whole.substr(0, 12345);
  auto a = server.client({"alice", "wonderland", "appe", server.local() / "u.bin", "v.bin"});
  ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
  EXPECT_EQ(read_all(server.root() / "v.bin"), whole);
}

TEST_F(Ftp, RenameDeleteMkdirRmdir) {
  auto r = server.client({"alice", "wonderland", "cmds", "MKD new", "CWD new", "PWD", "CDUP",
                          "RNFR hello.txt", "RNTO new/hi.txt", "RMD new", "DELE new/hi.txt",
                          "RMD new", "DELE nothing"});
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 10u) << r.out;
  EXPECT_TRUE(l[0].starts_with("257 \"/new\"")) << l[0];
  EXPECT_TRUE(l[1].starts_with("250") && l[2].starts_with("257 \"/new\"") && l[3].starts_with("250"));
  EXPECT_TRUE(l[4].starts_with("350") && l[5].starts_with("250")) << r.out;
  EXPECT_TRUE(l[6].starts_with("550")) << "a folder with a file in it stays\n" << r.out;
  EXPECT_TRUE(l[7].starts_with("250") && l[8].starts_with("250") && l[9].starts_with("550")) << r.out;
  EXPECT_FALSE(fs::exists(server.root() / "new"));
  EXPECT_FALSE(fs::exists(server.root() / "hello.txt"));
}

TEST_F(Ftp, NoTraversalLeavesTheRoot) {
  fs::create_directory_symlink(server.root().parent_path(), server.root() / "out-dir");
  fs::create_symlink(server.root().parent_path() / "secret.txt", server.root() / "out-file");
  auto r = server.client({"alice", "wonderland", "cmds", "CWD ..", "PWD", "CWD ../../..", "PWD",
                          "SIZE ../secret.txt", "SIZE /../secret.txt", "SIZE /etc/passwd",
                          "SIZE out-file", "CWD out-dir", "SIZE out-dir/secret.txt",
                          "CWD /docs/../..", "PWD", "MKD ../escaped", "DELE out-file",
                          "RNFR out-file", "SIZE docs/../hello.txt"});
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 16u) << r.out;
  EXPECT_TRUE(l[0].starts_with("250") && l[1].starts_with("257 \"/\"")) << r.out;
  EXPECT_TRUE(l[2].starts_with("250") && l[3].starts_with("257 \"/\"")) << r.out;
  for (int i : {4, 5, 6, 7, 8, 9}) EXPECT_TRUE(l[i].starts_with("550")) << i << ": " << l[i];
  EXPECT_TRUE(l[11].starts_with("257 \"/\"")) << r.out;
  EXPECT_TRUE(l[12].starts_with("257 \"/escaped\"")) << "'..' stops at the root\n" << r.out;
  EXPECT_TRUE(l[13].starts_with("550") && l[14].starts_with("550")) << r.out;
  EXPECT_EQ(l[15], "213 13");
  EXPECT_TRUE(fs::exists(server.root() / "escaped"));
  EXPECT_FALSE(fs::exists(server.root().parent_path() / "escaped"));
  auto get = server.client({"alice", "wonderland", "get", "../secret.txt", server.local() / "s"});
  EXPECT_TRUE(contains(get.out, "550")) << get.out;
  auto c = curl({url(server, "out-file"), "-o", server.local() / "s2"});
  EXPECT_NE(c.exit_code, 0);
}

TEST_F(Ftp, KilledUploadLeavesNoFile) {
  auto p = server.start_client({"alice", "wonderland", "killed-upload", "partial.bin", "300000"});
  auto status = p->wait(30s);
  ASSERT_TRUE(status && WIFSIGNALED(*status)) << p->out() << p->err();
  EXPECT_TRUE(contains(p->out(), "sent"));
  EXPECT_TRUE(server.process().wait_for_output("upload ", 10s));
  EXPECT_TRUE(eventually([&] { return no_upload_temps(server.root()); }));
  // the server has finished with the session once its slot is free: alice logs in again
  auto again = server.client({"alice", "wonderland", "cmds", "NOOP"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_FALSE(fs::exists(server.root() / "partial.bin"));
}

TEST_F(Ftp, ReadOnlyAccessIsRefusedWith550) {
  std::ofstream(server.local() / "x.txt") << "x";
  auto put = server.client({"anonymous", "x@", "put", server.local() / "x.txt", "x.txt"});
  EXPECT_TRUE(contains(put.out, "550")) << put.out;
  auto r = server.client({"bob", "builder", "cmds", "DELE hello.txt", "MKD d", "RNFR hello.txt",
                          "APPE hello.txt"});
  for (const auto& line : lines_of(r.out)) EXPECT_TRUE(line.starts_with("550")) << r.out;
  EXPECT_TRUE(fs::exists(server.root() / "hello.txt"));
  EXPECT_FALSE(fs::exists(server.root() / "x.txt"));
}

TEST_F(Ftp, ActiveModeConnectsBackToTheClient) {
  auto r = server.client({"anonymous", "x@", "active-get", "hello.txt", server.local() / "h"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(read_all(server.local() / "h"), "hello, world\n");
  auto bad = server.client({"anonymous", "x@", "cmds", "PORT 10,0,0,1,4,1", "EPRT |1|10.0.0.1|1025|",
                            "EPRT |2|::1|1025|", "PORT 127,0,0,1,4,1"});
  auto l = lines_of(bad.out);
  ASSERT_EQ(l.size(), 4u) << bad.out;
  EXPECT_TRUE(l[0].starts_with("501") && l[1].starts_with("501") && l[2].starts_with("522") &&
              l[3].starts_with("200")) << bad.out;
}

TEST_F(Ftp, AborStopsADownload) {
  // Three downloads aborted on one control connection. Each ABOR shuts the data connection
  // down while the transfer may be inside sendfile(2), whose SIGPIPE once ended the server
  // process (the client then read end of stream; unit.StreamTcpTest covers it exactly).
  server.add_big();
  constexpr std::size_t aborts = 3;
  auto r = server.client({"anonymous", "x@", "abort", "big.bin", std::to_string(aborts)});
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 2 * aborts + 1) << "client (exit " << r.exit_code << "): " << r.out << r.err << "\nserver log:\n" << server.log();
  for (std::size_t i = 0; i < aborts; ++i) {
    EXPECT_TRUE(l[2 * i].starts_with("426")) << r.out;
    EXPECT_TRUE(l[2 * i + 1].starts_with("226")) << r.out;
  }
  EXPECT_TRUE(l[2 * aborts].starts_with("200")) << r.out;
}

TEST_F(Ftp, LimitsUploadSizeAndClientsPerUser) {
  std::ofstream(server.local() / "2k.bin") << std::string(2048, 'z');
  auto put = server.client({"anonymous", "x@", "put", server.local() / "2k.bin", "2k.bin"}, "tight");
  EXPECT_TRUE(contains(put.out, "552")) << put.out;
  EXPECT_FALSE(fs::exists(server.root() / "2k.bin"));
  EXPECT_TRUE(eventually([&] { return no_upload_temps(server.root()); }));
  auto holder = server.start_client({"bob", "builder", "hold"}, "tight");
  ASSERT_TRUE(holder->wait_for_output("logged in", 20s)) << holder->err();
  auto second = server.client({"bob", "builder", "cmds", "NOOP"}, "tight");
  EXPECT_TRUE(contains(second.out, "421")) << second.out;
  auto other = server.client({"alice", "wonderland", "cmds", "NOOP"}, "tight");
  EXPECT_EQ(other.exit_code, 0) << other.out;
}

TEST_F(Ftp, LftpListsUploadsRenamesAndDownloads) {
  if (!fs::exists("/usr/bin/lftp")) GTEST_SKIP() << "lftp is not installed (scripts/setup.sh installs it)";
  std::ofstream(server.local() / "l.txt") << "lftp data\n";
  std::string script = "set net:max-retries 1; set net:timeout 10; ls; put " +
                       (server.local() / "l.txt").string() + " -o up.txt; mkdir d; mv up.txt d/up2.txt; get d/up2.txt -o " +
                       (server.local() / "got.txt").string() + "; rm d/up2.txt; rmdir d; bye";
  auto r = run_to_end({"/usr/bin/lftp", "-e", script, "-u", "alice,wonderland", "-p",
                       std::to_string(server.port()), "127.0.0.1"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(contains(r.out, "hello.txt")) << r.out;
  EXPECT_EQ(read_all(server.local() / "got.txt"), "lftp data\n");
  EXPECT_FALSE(fs::exists(server.root() / "d"));
  auto anon = run_to_end({"/usr/bin/lftp", "-e", "set net:max-retries 1; cat hello.txt; bye", "-p",
                          std::to_string(server.port()), "127.0.0.1"});
  EXPECT_EQ(anon.out, "hello, world\n") << anon.err;
}

TEST_F(Ftp, SilentControlConnectionIsClosedAfterIdleTimeout) {
  Endpoint endpoint = Endpoint::parse("tcp://127.0.0.1:" + std::to_string(server.port("idle")));
  Client client(endpoint);
  EXPECT_TRUE(client.receive_line().starts_with("220"));
  EXPECT_TRUE(client.receive_line().starts_with("421"));  // after idle_timeout: 1s
  EXPECT_TRUE(client.wait_closed());
}

TEST_F(Ftp, PassivePortsComeFromTheConfiguredRange) {
  auto r = server.client({"anonymous", "x@", "cmds", "PASV", "EPSV"}, "tight");
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 2u) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(l[0], m, std::regex(R"(^227 .*\(127,0,0,1,(\d+),(\d+)\))"))) << l[0];
  int pasv = std::stoi(m[1]) * 256 + std::stoi(m[2]);
  ASSERT_TRUE(std::regex_search(l[1], m, std::regex(R"(^229 .*\(\|\|\|(\d+)\|\))"))) << l[1];
  int epsv = std::stoi(m[1]);
  for (int port : {pasv, epsv}) EXPECT_TRUE(port >= 41000 && port <= 41999) << port;
  auto get = server.client({"anonymous", "x@", "get", "hello.txt", server.local() / "h"}, "tight");
  EXPECT_EQ(get.exit_code, 0) << get.out;
}

TEST_F(Ftp, UnicodeNames) {
  auto r = server.client({"alice", "wonderland", "cmds", "MKD ünïcödé 名前", "CWD ünïcödé 名前",
                          "PWD", "CDUP", "RMD ünïcödé 名前"});
  auto l = lines_of(r.out);
  ASSERT_EQ(l.size(), 5u) << r.out;
  EXPECT_TRUE(l[0].starts_with("257") && l[1].starts_with("250") && l[4].starts_with("250")) << r.out;
  EXPECT_TRUE(l[2].starts_with("257 \"/ünïcödé 名前\"")) << r.out;
}

TEST(FtpConfig, AMalformedUserEntryStopsTheServerWithAClearMessage) {
  TempDir dir;
  std::filesystem::create_directories(dir.path() / "root");
  std::string config = write_config(dir, "bad.yaml",
                                    "servers:\n"
                                    "  ftp:\n"
                                    "    listen: tcp://127.0.0.1:0\n"
                                    "    handler: {plugin: file, root: root, users: ['carol:plain:read']}\n");
  Process p({FtpTools::sockserv(), "run", config});
  EXPECT_TRUE(p.wait_for_output("failed to start: users: carol: the hash must be", 20s))
      << p.err() << p.out();
}

TEST_F(Ftp, ShippedConfigsCheck) {
  for (const char* file : {"conf/file.yaml", "conf/sockserv.yaml"}) {
    auto r = run_to_end({FtpTools::sockserv(), "check", std::string(SOCKSERV_SOURCE_DIR "/") + file});
    EXPECT_EQ(r.exit_code, 0) << file << "\n" << r.out << r.err;
  }
}

}  // namespace
}  // namespace sockserv::test
