// `sockserv hash-password`: prints a salted PBKDF2-HMAC-SHA256 hash of a password, in the
// form "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64) that the file plugin's `users` accept.
#include "launcher/commands.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <iostream>
#include <string>

namespace sockserv::launcher {
namespace {

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, int(size));
  out.resize(std::size_t(n));
  return out;
}

}  // namespace

int hash_password_command(std::optional<std::string> password, int iterations) {
  if (!password) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::cerr << "sockserv: hash-password: no password given (argument or a line on stdin)\n";
      return 2;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    password = line;
  }
  unsigned char salt[16];
  unsigned char hash[32];
  if (RAND_bytes(salt, sizeof salt) != 1 ||
      PKCS5_PBKDF2_HMAC(password->data(), int(password->size()), salt, sizeof salt, iterations,
                        EVP_sha256(), sizeof hash, hash) != 1) {
    std::cerr << "sockserv: hash-password: libcrypto failed\n";
    return 1;
  }
  std::cout << "pbkdf2-sha256$" << iterations << "$" << base64(salt, sizeof salt) << "$"
            << base64(hash, sizeof hash) << "\n";
  return 0;
}

}  // namespace sockserv::launcher
