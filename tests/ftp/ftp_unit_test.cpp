// The file plugin's pure parts: path confinement, command parsing, listing formats,
// password hashes.
#include "accounts.hpp"
#include "command.hpp"
#include "listing.hpp"
#include "path_jail.hpp"

#include "support/test_client.hpp"

#include <sockserv/error.hpp>

#include <gtest/gtest.h>

#include <openssl/evp.h>

#include <fstream>

namespace file_plugin {
namespace {

namespace fs = std::filesystem;

TEST(FtpPath, ResolvesAgainstTheWorkingFolderAndStopsAtTheTop) {
  EXPECT_EQ(resolve_virtual("/", "a/b"), "/a/b");
  EXPECT_EQ(resolve_virtual("/a", "b/./c//d"), "/a/b/c/d");
  EXPECT_EQ(resolve_virtual("/a/b", ".."), "/a");
  EXPECT_EQ(resolve_virtual("/a", "../../../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(resolve_virtual("/a", "/x/../../y"), "/y");
  EXPECT_EQ(resolve_virtual("/a", "/"), "/");
  EXPECT_EQ(resolve_virtual("/", "ünïcödé/名前"), "/ünïcödé/名前");
  EXPECT_EQ(resolve_virtual("/", std::string("a\0b", 3)), std::nullopt);
  EXPECT_EQ(resolve_virtual("/", "\xff\xfe"), std::nullopt);
  EXPECT_EQ(base_name("/a/b.txt"), "b.txt");
}

TEST(FtpPath, SymlinksOutOfTheRootAreRefused) {
  sockserv::test::TempDir dir;
  fs::create_directories(dir.path() / "root" / "in");
  std::ofstream(dir.path() / "outside.txt") << "x";
  fs::create_symlink(dir.path() / "outside.txt", dir.path() / "root" / "link-out");
  fs::create_symlink(dir.path() / "root" / "in", dir.path() / "root" / "link-in");
  PathJail jail(dir.path() / "root");
  EXPECT_EQ(jail.real("/"), jail.root());
  EXPECT_EQ(jail.real("/in/new.txt"), jail.root() / "in" / "new.txt");
  EXPECT_TRUE(jail.real("/link-in/x"));
  EXPECT_FALSE(jail.real("/link-out"));
  EXPECT_FALSE(jail.real("/link-out/more"));
}

TEST(FtpCommand, ParsesVerbAndArgument) {
  auto c = parse_command("stor my file.txt");
  EXPECT_EQ(c.verb, "STOR");
  EXPECT_EQ(c.arg, "my file.txt");
  EXPECT_EQ(parse_command("NOOP").arg, "");
  EXPECT_EQ(parse_command("\xff\xf4\xff\xf2" "ABOR").verb, "ABOR");
}

TEST(FtpCommand, RepliesInSingleAndMultiLineForm) {
  EXPECT_EQ(reply_line(200, "ok"), "200 ok\r\n");
  EXPECT_EQ(reply_lines(211, {"Features:", "EPSV", "End"}), "211-Features:\r\n EPSV\r\n211 End\r\n");
}

TEST(FtpCommand, ParsesPortEprtAndPortRanges) {
  auto p = parse_port_arg("127,0,0,1,4,1");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->host, "127.0.0.1");
  EXPECT_EQ(p->port, 1025);
  EXPECT_FALSE(parse_port_arg("127,0,0,1,4"));
  EXPECT_FALSE(parse_port_arg("256,0,0,1,4,1"));
  int protocol = 0;
  auto e = parse_eprt_arg("|2|::1|5282|", &protocol);
  ASSERT_TRUE(e);
  EXPECT_EQ(protocol, 2);
  EXPECT_EQ(e->port, 5282);
  EXPECT_FALSE(parse_eprt_arg("|1|::1|5282|"));
  EXPECT_FALSE(parse_eprt_arg("|1|1.2.3.4|0|"));
  EXPECT_EQ(pasv_text("127.0.0.1", 1025), "Entering Passive Mode (127,0,0,1,4,1)");
  auto r = parse_port_range("50000-50100");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 50000);
  EXPECT_EQ(r->last, 50100);
  EXPECT_TRUE(parse_port_range("0"));
  EXPECT_FALSE(parse_port_range("50100-50000"));
  EXPECT_FALSE(parse_port_range("x"));
}

TEST(FtpListing, FormatsListAndMlsxLines) {
  Entry file{"a b.txt", false, 1234, 1700000000, 0644};
  Entry dir{"sub", true, 4096, 1700000000, 0755};
  EXPECT_EQ(list_line(file, 1700000000 + 60),
            "-rw-r--r-- 1 ftp ftp         1234 Nov 14 22:13 a b.txt");
  EXPECT_EQ(list_line(dir, 1800000000), "drwxr-xr-x 1 ftp ftp         4096 Nov 14  2023 sub");
  EXPECT_EQ(mlsx_line(file, false), "type=file;size=1234;modify=20231114221320;perm=r; a b.txt");
  EXPECT_EQ(mlsx_line(dir, true), "type=dir;size=4096;modify=20231114221320;perm=elcmpdf; sub");
  EXPECT_TRUE(is_upload_temp(".a.txt.upload-Ab12Cd"));
  EXPECT_FALSE(is_upload_temp("a.txt"));
}

std::string make_hash(const std::string& password, const std::string& salt, int iterations) {
  unsigned char out[32];
  PKCS5_PBKDF2_HMAC(password.data(), int(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), int(salt.size()),
                    iterations, EVP_sha256(), 32, out);
  auto b64 = [](const unsigned char* d, int n) {
    std::string s(std::size_t(4 * ((n + 2) / 3) + 1), '\0');
    s.resize(std::size_t(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(s.data()), d, n)));
    return s;
  };
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" +
         b64(reinterpret_cast<const unsigned char*>(salt.data()), int(salt.size())) + "$" +
         b64(out, 32);
}

TEST(FtpAccounts, VerifiesPbkdf2Hashes) {
  auto hash = make_hash("s3cret", "0123456789abcdef", 1000);
  EXPECT_TRUE(verify_password("s3cret", hash));
  EXPECT_FALSE(verify_password("s3creT", hash));
  EXPECT_FALSE(verify_password("s3cret", "plain"));
  EXPECT_FALSE(verify_password("s3cret", hash.substr(0, hash.size() - 4)));
}

TEST(FtpAccounts, ParsesUserEntries) {
  auto hash = make_hash("pw", "saltsaltsalt", 1000);
  auto a = parse_account("alice:" + hash + ":read-write");
  EXPECT_EQ(a.name, "alice");
  EXPECT_EQ(a.access, Access::read_write);
  EXPECT_THROW(parse_account("alice:" + hash), sockserv::Error);
  EXPECT_THROW(parse_account("alice:" + hash + ":write"), sockserv::Error);
  EXPECT_THROW(parse_account("alice:nothash:read"), sockserv::Error);
  EXPECT_THROW(parse_account("anonymous:" + hash + ":read"), sockserv::Error);
}

}  // namespace
}  // namespace file_plugin
