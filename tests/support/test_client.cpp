#include "support/test_client.hpp"

#include <sockserv/error.hpp>

#include <cerrno>
#include <cstdlib>

namespace sockserv::test {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sockserv-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw SystemError("mkdtemp", errno);
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace sockserv::test
