// Whom `sockserv run` and `check` switch to, decided from the config and the effective uid
// they run with (passed in, so every case runs whoever runs the suite). The switch itself
// is tested in tests/integration/privileges_test.cpp, as root.
#include "config/config_parser.hpp"
#include "launcher/privileges.hpp"

#include <gtest/gtest.h>

#include <grp.h>
#include <pwd.h>

namespace sockserv::launcher {
namespace {

constexpr uid_t root = 0;
constexpr uid_t someone = 4242;  // no such user in a test container, and not root

struct Plan {
  std::optional<Credentials> who;
  config::ConfigErrors errors;
};

Plan plan(const std::string& top, uid_t euid) {
  auto parsed = config::parse_string(
      top + "servers: {a: {listen: tcp://127.0.0.1:0, handler: {plugin: echo}}}\n",
      "/etc/sockserv/p.yaml");
  EXPECT_TRUE(parsed.config);
  Plan out;
  if (parsed.config) out.who = plan_switch(*parsed.config, euid, out.errors);
  return out;
}

std::string only_error(const Plan& p) {
  EXPECT_EQ(p.errors.size(), 1u);
  return p.errors.empty() ? "" : p.errors[0].to_string();
}

const passwd& nobody() {
  static const passwd* pw = ::getpwnam("nobody");
  if (!pw) throw std::runtime_error("this system has no user 'nobody'");
  return *pw;
}

TEST(PrivilegePlan, RootWithoutUserIsRefusedSayingWhatToSet) {
  auto p = plan("", root);
  EXPECT_FALSE(p.who);
  EXPECT_EQ(only_error(p),
            "/etc/sockserv/p.yaml: sockserv runs as root and would run plugin code as root: set "
            "`user:` to an unprivileged user (e.g. `user: nobody`), whom sockserv switches to "
            "after binding its listeners, or `allow_root: true` to run plugins as root");
}

TEST(PrivilegePlan, AWrittenAllowRootFalseIsWhereTheRefusalPoints) {
  auto p = plan("allow_root: false\n", root);
  EXPECT_EQ(only_error(p).rfind("/etc/sockserv/p.yaml:1:13: allow_root: sockserv runs as root", 0), 0u)
      << only_error(p);
}

TEST(PrivilegePlan, AllowRootLetsRootStayRoot) {
  auto p = plan("allow_root: true\n", root);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_FALSE(p.who);
}

TEST(PrivilegePlan, NotRootWithoutUserStaysAsIs) {
  auto p = plan("", someone);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_FALSE(p.who);
}

TEST(PrivilegePlan, RootSwitchesToTheUserAndItsPrimaryGroup) {
  for (std::string user : {std::string("nobody"), std::to_string(nobody().pw_uid)}) {
    SCOPED_TRACE(user);
    auto p = plan("user: " + user + "\n", root);
    ASSERT_TRUE(p.who) << only_error(p);
    EXPECT_EQ(p.who->user, "nobody");
    EXPECT_EQ(p.who->uid, nobody().pw_uid);
    EXPECT_EQ(p.who->gid, nobody().pw_gid);
    EXPECT_EQ(p.who->group, ::getgrgid(nobody().pw_gid)->gr_name);
    // the user's groups as the group database lists them, its primary group among them
    EXPECT_NE(std::find(p.who->groups.begin(), p.who->groups.end(), nobody().pw_gid),
              p.who->groups.end());
    EXPECT_EQ(std::find(p.who->groups.begin(), p.who->groups.end(), gid_t(0)), p.who->groups.end());
  }
}

TEST(PrivilegePlan, AGroupByNumberNeedsNoEntry) {
  auto p = plan("user: nobody\ngroup: 54321\n", root);
  ASSERT_TRUE(p.who) << only_error(p);
  EXPECT_EQ(p.who->gid, gid_t(54321));
}

TEST(PrivilegePlan, AUidWithoutEntryNeedsAGroup) {
  EXPECT_EQ(only_error(plan("user: 54321\n", root)),
            "/etc/sockserv/p.yaml:1:7: user: uid 54321 has no entry in the user database, so no "
            "primary group: set `group:` too");
  auto p = plan("user: 54321\ngroup: 54321\n", root);
  ASSERT_TRUE(p.who) << only_error(p);
  EXPECT_EQ(p.who->uid, uid_t(54321));
  EXPECT_TRUE(p.who->groups.empty()) << "no entry, no supplementary groups";
}

TEST(PrivilegePlan, UnknownUserAndGroupAreLocated) {
  auto p = plan("user: no-such-sockserv-user\ngroup: no-such-sockserv-group\n", root);
  EXPECT_FALSE(p.who);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].to_string().rfind(
                "/etc/sockserv/p.yaml:1:7: user: unknown user 'no-such-sockserv-user'", 0),
            0u)
      << p.errors[0].to_string();
  EXPECT_NE(p.errors[0].message.find("such as nobody"), std::string::npos);
  EXPECT_EQ(p.errors[1].to_string().rfind(
                "/etc/sockserv/p.yaml:2:8: group: unknown group 'no-such-sockserv-group'", 0),
            0u)
      << p.errors[1].to_string();
}

TEST(PrivilegePlan, UserRootNeedsAllowRoot) {
  EXPECT_NE(only_error(plan("user: root\n", root))
                .find("1:7: user: user 'root' is root, so plugin code would run as root"),
            std::string::npos);
  auto p = plan("user: root\nallow_root: true\n", root);
  ASSERT_TRUE(p.who);
  EXPECT_EQ(p.who->uid, uid_t(0));
}

TEST(PrivilegePlan, GroupAloneIsReported) {
  EXPECT_EQ(only_error(plan("group: nogroup\n", root)),
            "/etc/sockserv/p.yaml:1:8: group: `group:` needs `user:`: name the user to switch "
            "to as well");
}

TEST(PrivilegePlan, NotRootCannotBecomeSomeoneElse) {
  auto message = only_error(plan("user: nobody\n", someone));
  EXPECT_NE(message.find("1:7: user: sockserv runs as user '4242' (uid 4242"), std::string::npos)
      << message;
  EXPECT_NE(message.find("cannot switch to user 'nobody' (uid " +
                         std::to_string(nobody().pw_uid) + ")"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("only root can; start sockserv as root"), std::string::npos) << message;
}

}  // namespace
}  // namespace sockserv::launcher
