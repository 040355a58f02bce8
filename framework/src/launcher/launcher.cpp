// placeholder until the launcher lands
#include "launcher/launcher.hpp"
namespace sockserv::launcher {
int main(const std::vector<std::string>&) { return 1; }
}
