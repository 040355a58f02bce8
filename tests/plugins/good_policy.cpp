// A trivial serial policy: every request runs inline.
#include <sockserv/policy.hpp>

namespace {

class GoodPolicy : public sockserv::Policy {
 public:
  explicit GoodPolicy(const sockserv::PolicyContext&) {}

  static sockserv::PolicyInfo info() {
    return {"good_policy", "0.1", "runs each request inline", {}};
  }

  void process_request(sockserv::Request request) override { request.run(); }
  bool wait_idle(sockserv::Deadline) override { return true; }
};

}  // namespace

SOCKSERV_POLICY(GoodPolicy)
