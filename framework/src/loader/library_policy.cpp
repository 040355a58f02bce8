#include "loader/library_policy.hpp"

#include <utility>

namespace sockserv::loader {

LibraryPolicy::LibraryPolicy(std::unique_ptr<Policy> inner,
                             std::shared_ptr<boost::dll::shared_library> library) noexcept
    : library_(std::move(library)), inner_(std::move(inner)) {}

LibraryPolicy::~LibraryPolicy() {
  // Member order already does this; spelled out because getting it wrong unmaps the code
  // the inner destructor is about to run.
  inner_.reset();
}

void LibraryPolicy::serve(Acceptor& acceptor) { inner_->serve(acceptor); }

void LibraryPolicy::process_request(Request request) {
  inner_->process_request(std::move(request));
}

bool LibraryPolicy::wait_idle(Deadline deadline) { return inner_->wait_idle(deadline); }

void LibraryPolicy::terminate() { inner_->terminate(); }

}  // namespace sockserv::loader
