// What a SIGHUP restarts: servers compared by what decides how they run, not by where
// or how their config was written.
#include "launcher/reload_plan.hpp"

#include <gtest/gtest.h>

namespace sockserv::launcher {
namespace {

using namespace std::chrono_literals;
using Names = std::vector<std::string>;

/// A resolved server as load_config would give it, with no library behind it.
ResolvedServer server(const std::string& name, const std::string& listen = "tcp://127.0.0.1:0") {
  ResolvedServer s;
  s.config.name = name;
  s.config.listen = {{Endpoint::parse(listen), {"a.yaml", 4, 13}}};
  s.config.where = {"a.yaml", 3, 3};
  s.plugin.path = "/plugins/echo.so";
  s.plugin.info = {"echo", "1.0.0", "", TransportSet::all(), {}};
  s.plugin_options.set("greeting", std::string("hi"));
  s.policy.info = {"threading", "0.1.0", "", {}};
  s.policy_options.set("max_threads", std::int64_t(0));
  return s;
}

TEST(SameServer, IdenticalServersAreTheSame) { EXPECT_TRUE(same_server(server("a"), server("a"))); }

TEST(SameServer, WhereItWasWrittenDoesNotCount) {
  auto moved = server("a");
  moved.config.where = {"b.yaml", 30, 5};
  moved.config.listen.front().where = {"b.yaml", 31, 15};
  moved.config.handler.where = {"b.yaml", 32, 15};
  moved.config.handler.options["greeting"].where = {"b.yaml", 32, 30};
  moved.config.policy.key_path = "servers.a.policy";
  EXPECT_TRUE(same_server(server("a"), moved));
}

TEST(SameServer, HowAnOptionWasWrittenDoesNotCountOnlyItsValue) {
  // RawOption text differs ("64KiB" vs "65536"); the typed, effective values are what count.
  auto a = server("a"), b = server("a");
  a.config.handler.options["max_line"].scalar = "64KiB";
  b.config.handler.options["max_line"].scalar = "65536";
  a.plugin_options.set("max_line", std::uint64_t(65536));
  b.plugin_options.set("max_line", std::uint64_t(65536));
  EXPECT_TRUE(same_server(a, b));
}

TEST(SameServer, EachSettingThatChangesHowItRunsCounts) {
  auto base = server("a");
  std::vector<std::pair<std::string, ResolvedServer>> variants;
  auto vary = [&](const std::string& what, auto change) {
    auto s = base;
    change(s);
    variants.emplace_back(what, s);
  };
  vary("name", [](ResolvedServer& s) { s.config.name = "b"; });
  vary("endpoint", [](ResolvedServer& s) {
    s.config.listen.front().endpoint = Endpoint::parse("tcp://127.0.0.1:1");
  });
  vary("transport", [](ResolvedServer& s) {
    s.config.listen.front().endpoint = Endpoint::parse("udp://127.0.0.1:0");
  });
  vary("a second endpoint", [](ResolvedServer& s) {
    s.config.listen.push_back({Endpoint::parse("udp://127.0.0.1:0"), {"a.yaml", 4, 40}});
  });
  vary("processes", [](ResolvedServer& s) { s.config.processes = 2; });
  vary("shutdown_timeout", [](ResolvedServer& s) { s.config.shutdown_timeout = 1s; });
  vary("plugin path", [](ResolvedServer& s) { s.plugin.path = "/other/echo.so"; });
  vary("plugin version", [](ResolvedServer& s) { s.plugin.info.version = "1.0.1"; });
  vary("plugin option value",
       [](ResolvedServer& s) { s.plugin_options.set("greeting", std::string("yo")); });
  vary("plugin option type", [](ResolvedServer& s) { s.plugin_options.set("greeting", true); });
  vary("plugin option added", [](ResolvedServer& s) { s.plugin_options.set("x", true); });
  vary("policy", [](ResolvedServer& s) { s.policy.info.name = "serial"; });
  vary("policy library", [](ResolvedServer& s) { s.policy.path = "/plugins/threading.so"; });
  vary("policy option",
       [](ResolvedServer& s) { s.policy_options.set("max_threads", std::int64_t(8)); });
  for (const auto& [what, changed] : variants) EXPECT_FALSE(same_server(base, changed)) << what;
}

TEST(SameServer, EquivalentPathSpellingsAreTheSame) {
  auto a = server("a"), b = server("a");
  b.plugin.path = "/plugins/./sub/../echo.so";
  EXPECT_TRUE(same_server(a, b));
}

TEST(PlanReload, SortsEveryServerByName) {
  auto b_changed = server("b");
  b_changed.plugin_options.set("greeting", std::string("changed"));
  std::vector<ResolvedServer> running{server("a"), server("b"), server("d"), server("e")};
  std::vector<ResolvedServer> wanted{server("c"), b_changed, server("a"), server("f")};
  auto plan = plan_reload(running, wanted);
  EXPECT_EQ(plan.unchanged, Names{"a"});
  EXPECT_EQ(plan.changed, Names{"b"});
  EXPECT_EQ(plan.added, (Names{"c", "f"})) << "in the new file's order";
  EXPECT_EQ(plan.removed, (Names{"d", "e"})) << "in the running order";
  EXPECT_EQ(plan.summary(), "reload: 1 unchanged, 1 changed, 2 added, 2 removed");
}

TEST(PlanReload, TheSameConfigChangesNothing) {
  std::vector<ResolvedServer> servers{server("a"), server("b", "unix:///tmp/b.sock")};
  auto plan = plan_reload(servers, servers);
  EXPECT_EQ(plan.unchanged, (Names{"a", "b"}));
  EXPECT_TRUE(plan.changed.empty() && plan.added.empty() && plan.removed.empty());
  EXPECT_EQ(plan.summary(), "reload: 2 unchanged, 0 changed, 0 added, 0 removed");
}

TEST(PlanReload, ARenamedServerIsOneRemovedAndOneAdded) {
  auto plan = plan_reload({server("old")}, {server("new")});
  EXPECT_EQ(plan.added, Names{"new"});
  EXPECT_EQ(plan.removed, Names{"old"});
}

}  // namespace
}  // namespace sockserv::launcher
