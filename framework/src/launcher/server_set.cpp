#include "launcher/server_set.hpp"

#include <thread>

namespace sockserv::launcher {

void ServerSet::serve_forever() {
  std::vector<std::thread> others;
  // serve_forever does not throw: a failing policy is logged and the server drains.
  for (std::size_t i = 1; i < servers_.size(); ++i)
    others.emplace_back([this, i] {
      servers_[i]->serve_forever();
      request_shutdown();
    });
  if (!servers_.empty()) servers_.front()->serve_forever();
  request_shutdown();
  for (auto& t : others) t.join();
}

void ServerSet::request_shutdown() noexcept {
  for (const auto& s : servers_) s->request_shutdown();
}

}  // namespace sockserv::launcher
