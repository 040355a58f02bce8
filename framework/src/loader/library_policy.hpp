#pragma once
// A policy from a shared library, wrapped so that the library outlives it.

#include <sockserv/policy.hpp>

#include <boost/dll/shared_library.hpp>

#include <memory>

namespace sockserv::loader {

/// Forwards every call to a policy made by a library, and keeps that library loaded until
/// the policy is destroyed. unique_ptr<Policy> has no deleter to hold the library (unlike
/// the shared_ptr a plugin is handed out in), hence this wrapper.
class LibraryPolicy final : public Policy {
 public:
  /// Owns `inner` and a reference to the `library` its code lives in.
  LibraryPolicy(std::unique_ptr<Policy> inner,
                std::shared_ptr<boost::dll::shared_library> library) noexcept;
  /// Destroys the inner policy, then lets the library go.
  ~LibraryPolicy() override;

  /// Forwards to the inner policy.
  void serve(Acceptor& acceptor) override;
  /// Forwards to the inner policy.
  void process_request(Request request) override;
  /// Forwards to the inner policy.
  bool wait_idle(Deadline deadline) override;
  /// Forwards to the inner policy.
  void terminate() override;

 private:
  // Declared first so it is destroyed last: the inner policy's destructor is library code.
  std::shared_ptr<boost::dll::shared_library> library_;
  std::unique_ptr<Policy> inner_;
};

}  // namespace sockserv::loader
