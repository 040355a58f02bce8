#include "launcher/privileges.hpp"

#include <sockserv/error.hpp>

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace sockserv::launcher {
namespace {

using config::ConfigErrors;
using config::Location;

std::optional<std::string> switched;

const char* const root_advice =
    "set `user:` to an unprivileged user (e.g. `user: nobody`), whom sockserv switches to "
    "after binding its listeners, or `allow_root: true` to run plugins as root";

/// The number `text` spells, if it is all digits.
std::optional<unsigned long> as_number(const std::string& text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), ::isdigit) || text.size() > 9)
    return std::nullopt;
  return std::stoul(text);
}

/// Looks up `user:` (name or uid) into `who`; false after reporting it unknown.
bool look_up_user(const config::RunAsConfig& r, Credentials& who, bool& has_primary,
                  ConfigErrors& errors) {
  auto number = as_number(r.user);
  const passwd* pw = number ? ::getpwuid(uid_t(*number)) : ::getpwnam(r.user.c_str());
  has_primary = pw != nullptr;
  if (pw) {
    who.user = pw->pw_name;
    who.uid = pw->pw_uid;
    who.gid = pw->pw_gid;
    return true;
  }
  if (number) {  // a uid with no entry is usable, but has no name and no primary group
    who.user = r.user;
    who.uid = uid_t(*number);
    return true;
  }
  errors.push_back({r.user_where, "user",
                    "unknown user '" + r.user + "' (not in the user database: `getent passwd " +
                        r.user + "` finds nothing); create it (`useradd --system " + r.user +
                        "`) or name an existing unprivileged user, such as nobody"});
  return false;
}

/// Looks up `group:` (name or gid) into `who`; false after reporting it unknown.
bool look_up_group(const config::RunAsConfig& r, Credentials& who, ConfigErrors& errors) {
  auto number = as_number(r.group);
  const group* gr = number ? ::getgrgid(gid_t(*number)) : ::getgrnam(r.group.c_str());
  if (gr || number) {
    who.group = gr ? gr->gr_name : r.group;
    who.gid = gr ? gr->gr_gid : gid_t(*number);
    return true;
  }
  errors.push_back({r.group_where, "group",
                    "unknown group '" + r.group + "' (`getent group " + r.group +
                        "` finds nothing); create it (`groupadd --system " + r.group +
                        "`), name an existing one such as nogroup, or leave `group:` out for "
                        "the user's primary group"});
  return false;
}

/// The user's groups as the system lists them (initgroups' list), the primary one included.
std::vector<gid_t> supplementary_groups(const std::string& user, gid_t gid) {
  int n = 32;
  std::vector<gid_t> groups(static_cast<std::size_t>(n));
  while (::getgrouplist(user.c_str(), gid, groups.data(), &n) < 0) groups.resize(std::size_t(n));
  groups.resize(std::size_t(n));
  return groups;
}

/// `user:` and `group:` looked up; nullopt after reporting what is unknown.
std::optional<Credentials> look_up(const config::RunAsConfig& r, ConfigErrors& errors) {
  Credentials who;
  bool has_primary = false;
  bool user_ok = look_up_user(r, who, has_primary, errors);
  bool group_ok = r.group.empty() || look_up_group(r, who, errors);
  if (!user_ok || !group_ok) return std::nullopt;
  if (r.group.empty()) {
    if (!has_primary) {
      errors.push_back({r.user_where, "user",
                        "uid " + r.user + " has no entry in the user database, so no primary "
                        "group: set `group:` too"});
      return std::nullopt;
    }
    const group* gr = ::getgrgid(who.gid);
    who.group = gr ? gr->gr_name : std::to_string(who.gid);
  }
  if (has_primary) who.groups = supplementary_groups(who.user, who.gid);
  return who;
}

std::string describe(const Credentials& who) {
  return "user '" + who.user + "' (uid " + std::to_string(who.uid) + "), group '" + who.group +
         "' (gid " + std::to_string(who.gid) + ")";
}

/// The error of a non-root sockserv asked to become someone else.
void report_cannot_switch(const config::RunAsConfig& r, const Credentials& who, uid_t euid,
                          ConfigErrors& errors) {
  bool user_differs = who.uid != euid;
  const passwd* me = ::getpwuid(euid);
  std::string self = "user '" + std::string(me ? me->pw_name : std::to_string(euid)) +
                     "' (uid " + std::to_string(euid) + ", gid " + std::to_string(::getegid()) +
                     ")";
  Location at = user_differs || r.group.empty() ? r.user_where : r.group_where;
  errors.push_back({at, user_differs || r.group.empty() ? "user" : "group",
                    "sockserv runs as " + self + " and cannot switch to " + describe(who) +
                        ": only root can; start sockserv as root (it binds its listeners, "
                        "then switches), or remove `user:` and `group:`"});
}

[[noreturn]] void fail(const Credentials& who, const std::string& step, int error) {
  throw Error("cannot switch to " + describe(who) + ": " + step + ": " + std::strerror(error));
}

}  // namespace

std::optional<Credentials> plan_switch(const config::Config& config, uid_t euid,
                                       ConfigErrors& errors) {
  const auto& r = config.run_as;
  if (r.user.empty()) {
    if (!r.group.empty())
      errors.push_back({r.group_where, "group",
                        "`group:` needs `user:`: name the user to switch to as well"});
    else if (euid == 0 && !r.allow_root)
      errors.push_back({r.allow_root_where.line > 0 ? r.allow_root_where
                                                    : Location{config.file.string(), 0, 0},
                        r.allow_root_where.line > 0 ? "allow_root" : "",
                        std::string("sockserv runs as root and would run plugin code as root: ") +
                            root_advice});
    return std::nullopt;
  }
  auto who = look_up(r, errors);
  if (!who) return std::nullopt;
  if (euid != 0) {
    if (who->uid != euid || who->gid != ::getegid()) report_cannot_switch(r, *who, euid, errors);
    return std::nullopt;  // already who the config names
  }
  if (who->uid == 0 && !r.allow_root) {
    errors.push_back({r.user_where, "user",
                      "user '" + who->user + "' is root, so plugin code would run as root: " +
                          root_advice});
    return std::nullopt;
  }
  return who;
}

void switch_to(const Credentials& who) {
  // Groups first: once the uid is no longer root, neither setgroups nor setgid is allowed.
  if (::setgroups(who.groups.size(), who.groups.data()) != 0) fail(who, "setgroups", errno);
  if (::setgid(who.gid) != 0) fail(who, "setgid", errno);
  if (::setuid(who.uid) != 0) fail(who, "setuid", errno);
  uid_t ru, eu, su;
  gid_t rg, eg, sg;
  if (::getresuid(&ru, &eu, &su) != 0 || ::getresgid(&rg, &eg, &sg) != 0)
    fail(who, "getresuid", errno);
  if (ru != who.uid || eu != who.uid || su != who.uid || rg != who.gid || eg != who.gid ||
      sg != who.gid)
    fail(who, "the ids did not all change", EPERM);
  if (who.uid != 0 && (::setuid(0) == 0 || ::seteuid(0) == 0))
    throw Error("switched to " + describe(who) + " but root could be regained; refusing to run");
  switched = who.user;
}

void hand_over(const core::ListeningSocket& socket, const Credentials& who) {
  if (!socket.owns_unix_file) return;
  if (::lchown(socket.endpoint.path.c_str(), who.uid, who.gid) != 0)
    throw Error("cannot give " + socket.endpoint.path + " to " + describe(who) + ": " +
                std::strerror(errno));
}

std::optional<std::string> switched_user() { return switched; }

}  // namespace sockserv::launcher
