// The control socket's replies, exactly: `"ok"` first (sockserv ctl relies on it), strings
// escaped, and what a reload did or why it did nothing.
#include "launcher/control_replies.hpp"
#include "launcher/json_writer.hpp"

#include <gtest/gtest.h>

namespace sockserv::launcher {
namespace {

TEST(JsonWriter, NestsAndPlacesCommas) {
  JsonWriter j;
  j.begin_object().key("a").value(1).key("b").begin_array().value("x").value(true);
  j.begin_object().end_object().end_array().key("c").strings({}).key("d").value(1.5);
  j.end_object();
  EXPECT_EQ(j.text(), R"({"a":1,"b":["x",true,{}],"c":[],"d":1.500})");
}

TEST(ControlReplies, AnErrorEscapesItsMessage) {
  EXPECT_EQ(error_reply("bad \"x\"\n"), R"({"ok":false,"error":"bad \"x\"\n"})");
}

TEST(ControlReplies, AnUnknownCommandListsTheValidOnes) {
  EXPECT_EQ(unknown_command_reply("restart"),
            R"({"ok":false,"error":"unknown command 'restart'; )"
            R"(valid commands: status, reload, stop"})");
}

TEST(ControlReplies, AReloadListsWhatItDidToEachServer) {
  ReloadOutcome o;
  o.plan = {{"a"}, {"b"}, {"c", "d"}, {"e"}};
  EXPECT_EQ(reload_reply(o),
            R"({"ok":true,"kept":["a"],"restarted":["b"],"started":["c","d"],"stopped":["e"]})");
}

TEST(ControlReplies, ABindFailureIsAnErrorAndLeavesItsServerOutOfTheLists) {
  ReloadOutcome o;
  o.plan = {{}, {"b"}, {"c", "d"}, {}};
  o.failures = {{"c", "f.yaml:9:13: servers.c.listen: cannot listen on tcp://127.0.0.1:80"}};
  auto reply = reload_reply(o);
  EXPECT_TRUE(reply.starts_with(R"({"ok":false,"error":"1 server could not be bound)")) << reply;
  EXPECT_NE(reply.find(R"("failed":[{"server":"c","error":"f.yaml:9:13: servers.c.listen: )"),
            std::string::npos)
      << reply;
  EXPECT_NE(reply.find(R"("kept":[],"restarted":["b"],"started":["d"],"stopped":[]})"),
            std::string::npos)
      << reply;
}

TEST(ControlReplies, ConfigErrorsAreListedAndNothingElse) {
  ReloadOutcome o;
  o.errors = {{{"f.yaml", 4, 15}, "servers.a.listen", "missing port"},
              {{"f.yaml", 6, 3}, "servers.b", "unknown key"}};
  EXPECT_EQ(reload_reply(o),
            R"({"ok":false,"error":"2 errors in the config; the running servers go on unchanged",)"
            R"("errors":["f.yaml:4:15: servers.a.listen: missing port",)"
            R"("f.yaml:6:3: servers.b: unknown key"]})");
}

TEST(ControlReplies, AReloadWhileStoppingSaysWhy) {
  ReloadOutcome o;
  o.refused = "sockserv is stopping; the config is not reloaded";
  EXPECT_EQ(reload_reply(o),
            R"({"ok":false,"error":"sockserv is stopping; the config is not reloaded"})");
}

TEST(ControlReplies, StopSaysItIsStopping) {
  EXPECT_EQ(stop_reply(), R"({"ok":true,"stopping":true})");
}

}  // namespace
}  // namespace sockserv::launcher
