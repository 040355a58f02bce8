// The `sockserv` command. Everything it does lives in the launcher, so tests can drive it.
#include "launcher/launcher.hpp"

int main(int argc, char** argv) {
  return sockserv::launcher::main(std::vector<std::string>(argv + 1, argv + argc));
}
