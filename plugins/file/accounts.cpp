#include "accounts.hpp"

#include <sockserv/error.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>

namespace file_plugin {
namespace {

struct Parsed {
  int iterations = 0;
  std::string salt;
  std::string hash;
};

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(std::size_t(n) - padding);
  return out;
}

std::optional<Parsed> parse_hash(std::string_view text) {
  constexpr std::string_view scheme = "pbkdf2-sha256$";
  if (!text.starts_with(scheme)) return std::nullopt;
  text.remove_prefix(scheme.size());
  auto d1 = text.find('$');
  auto d2 = d1 == std::string_view::npos ? d1 : text.find('$', d1 + 1);
  if (d2 == std::string_view::npos) return std::nullopt;
  Parsed out;
  auto digits = text.substr(0, d1);
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out.iterations);
  if (digits.empty() || error != std::errc() || end != digits.data() + digits.size() ||
      out.iterations < 1000 || out.iterations > 10'000'000)
    return std::nullopt;
  auto salt = base64_decode(text.substr(d1 + 1, d2 - d1 - 1));
  auto hash = base64_decode(text.substr(d2 + 1));
  if (!salt || !hash || salt->size() < 8 || hash->size() != 32) return std::nullopt;
  out.salt = std::move(*salt);
  out.hash = std::move(*hash);
  return out;
}

}  // namespace

std::optional<Access> parse_access(std::string_view text) {
  if (text == "read") return Access::read;
  if (text == "read-write") return Access::read_write;
  return std::nullopt;
}

bool well_formed_hash(std::string_view hash) { return parse_hash(hash).has_value(); }

Account parse_account(std::string_view entry) {
  auto first = entry.find(':');
  auto last = entry.rfind(':');
  if (first == std::string_view::npos || first == last)
    throw sockserv::Error("users: '" + std::string(entry.substr(0, first)) +
                          "...' must be NAME:HASH:ACCESS");
  Account account{std::string(entry.substr(0, first)),
                  std::string(entry.substr(first + 1, last - first - 1)), Access::read};
  if (account.name.empty() || is_anonymous_name(account.name))
    throw sockserv::Error("users: bad user name '" + account.name + "'");
  auto access = parse_access(entry.substr(last + 1));
  if (!access)
    throw sockserv::Error("users: " + account.name + ": access must be read or read-write, got '" +
                          std::string(entry.substr(last + 1)) + "'");
  account.access = *access;
  if (!well_formed_hash(account.hash))
    throw sockserv::Error("users: " + account.name +
                          ": the hash must be pbkdf2-sha256$ITERATIONS$SALT$HASH as printed by "
                          "'sockserv hash-password'");
  return account;
}

bool verify_password(std::string_view password, std::string_view hash) {
  auto parsed = parse_hash(hash);
  if (!parsed) return false;
  unsigned char derived[32];
  if (PKCS5_PBKDF2_HMAC(password.data(), int(password.size()),
                        reinterpret_cast<const unsigned char*>(parsed->salt.data()),
                        int(parsed->salt.size()), parsed->iterations, EVP_sha256(),
                        sizeof derived, derived) != 1)
    return false;
  return CRYPTO_memcmp(derived, parsed->hash.data(), sizeof derived) == 0;
}

bool is_anonymous_name(std::string_view name) { return name == "anonymous" || name == "ftp"; }

}  // namespace file_plugin
