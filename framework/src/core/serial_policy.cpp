#include <sockserv/policies.hpp>

namespace sockserv {
namespace {

/// socketserver's base behaviour: each request runs to completion on the serving thread
/// before the next is accepted.
class SerialPolicy final : public Policy {
 public:
  void process_request(Request request) override { request.run(); }
  bool wait_idle(Deadline) override { return true; }  // nothing outlives process_request
};

}  // namespace

std::unique_ptr<Policy> make_serial_policy() { return std::make_unique<SerialPolicy>(); }

}  // namespace sockserv
