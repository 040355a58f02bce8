#pragma once
/// @file policy.hpp
/// Concurrency policies: where each request runs, like socketserver's mixins.
///
/// Contract for a policy author:
///  - The framework makes one policy per server, in the process that serves, and calls
///    serve() once, on the server's thread. serve() returns when acceptor.stop() is
///    requested. The default serve() loops Acceptor::next() and calls process_request()
///    for each request, like socketserver's serve_forever.
///  - The simple form overrides only process_request(): run the request inline (serial),
///    on a thread (threading), in a child process (forking)... It may block to apply
///    back-pressure (the kernel queues further connections meanwhile).
///  - A policy may instead override serve() to own its accept loop (e.g. on event loops).
///  - After serve() returns, the framework calls wait_idle(drain deadline). Requests still
///    running then are cancelled where they wait (see task.hpp); a policy whose requests
///    run in other processes ends them in terminate(). Then wait_idle(no_deadline).
///  - Every request must be run exactly once, or destroyed unrun to drop it.
///  - A policy's requests run handlers that block through Task::current(): threads need
///    nothing; a policy multiplexing requests on one thread installs a Task per request.

#include <sockserv/acceptor.hpp>
#include <sockserv/api.hpp>
#include <sockserv/log.hpp>
#include <sockserv/manifest.hpp>
#include <sockserv/options.hpp>
#include <sockserv/request.hpp>
#include <sockserv/time.hpp>

#include <boost/dll/alias.hpp>

#include <memory>
#include <string>
#include <vector>

namespace sockserv {

/// What a policy says of itself.
struct PolicyInfo {
  std::string name;                 ///< as named in config: `policy: {type: NAME}`
  std::string version;              ///< the policy's own version
  std::string description;          ///< one line
  std::vector<OptionSpec> options;  ///< the options it accepts under `policy:`
};

/// What the framework gives a policy when it makes it.
struct PolicyContext {
  std::string server_name;          ///< the server's name in config
  Options options;                  ///< validated options, every declared one set
  std::shared_ptr<Logger> log;      ///< this server's log
};

/// Decides where each request of one server runs.
class SOCKSERV_API Policy {
 public:
  virtual ~Policy();
  /// Serves until the acceptor's stop is requested. Default: next() → process_request().
  virtual void serve(Acceptor& acceptor);
  /// Runs (or arranges to run) one request.
  virtual void process_request(Request request) = 0;
  /// Waits until every request this policy started has ended, or `deadline` (then false).
  virtual bool wait_idle(Deadline deadline) = 0;
  /// Ends requests that outlived the drain deadline and that cancellation cannot reach
  /// (e.g. in child processes). Default: nothing.
  virtual void terminate();
};

/// Signature of the exported function that describes a policy.
using PolicyInfoFunction = PolicyInfo();
/// Signature of the exported function that makes a policy.
using PolicyCreateFunction = std::unique_ptr<Policy>(const PolicyContext&);

}  // namespace sockserv

/// Exported alias names; the loader looks these up.
#define SOCKSERV_POLICY_INFO_SYMBOL "sockserv_policy_info"
#define SOCKSERV_POLICY_CREATE_SYMBOL "sockserv_policy_create"

/// Exports `PolicyClass` from this library as a sockserv policy. Use once per library.
#define SOCKSERV_POLICY(PolicyClass)                                                \
  SOCKSERV_DEFINE_MANIFEST("policy")                                                \
  namespace sockserv_policy_export {                                                \
  inline ::sockserv::PolicyInfo info() { return PolicyClass::info(); }              \
  inline std::unique_ptr<::sockserv::Policy> create(                                \
      const ::sockserv::PolicyContext& context) {                                   \
    return std::make_unique<PolicyClass>(context);                                  \
  }                                                                                 \
  }                                                                                 \
  BOOST_DLL_ALIAS(sockserv_policy_export::info, sockserv_policy_info)               \
  BOOST_DLL_ALIAS(sockserv_policy_export::create, sockserv_policy_create)
