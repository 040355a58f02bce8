#include <sockserv/acceptor.hpp>
#include <sockserv/policy.hpp>
#include <sockserv/stop.hpp>

namespace sockserv {

Acceptor::~Acceptor() = default;
Policy::~Policy() = default;

void Policy::serve(Acceptor& acceptor) {
  while (auto request = acceptor.next()) process_request(std::move(*request));
}

void Policy::terminate() {}

}  // namespace sockserv
