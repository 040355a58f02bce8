#pragma once
// Who may log in: named users with salted PBKDF2 password hashes, and anonymous, each with
// read or read-write access.
//
// A hash is "pbkdf2-sha256$ITERATIONS$SALT$HASH", SALT and HASH in standard base64: what
// `sockserv hash-password` prints. A user is configured as "NAME:HASH:ACCESS".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace file_plugin {

/// What a logged-in client may do.
enum class Access { read, read_write };

/// Parses "read" or "read-write".
std::optional<Access> parse_access(std::string_view text);

/// One configured user.
struct Account {
  std::string name;
  std::string hash;
  Access access = Access::read;
};

/// Parses "NAME:HASH:ACCESS"; throws sockserv::Error saying what is wrong.
Account parse_account(std::string_view entry);

/// True if `password` matches `hash` (compared in constant time). A malformed hash never
/// matches.
bool verify_password(std::string_view password, std::string_view hash);

/// True if `hash` has the form verify_password() accepts.
bool well_formed_hash(std::string_view hash);

/// The names anonymous users log in with.
bool is_anonymous_name(std::string_view name);

}  // namespace file_plugin
