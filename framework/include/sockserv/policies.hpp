#pragma once
/// @file policies.hpp
/// The built-in policies, for code that embeds a Server without a config file.

#include <sockserv/api.hpp>
#include <sockserv/log.hpp>
#include <sockserv/policy.hpp>
#include <sockserv/time.hpp>

#include <chrono>
#include <cstddef>
#include <memory>

namespace sockserv {

/// One request at a time, on the serving thread (socketserver's base servers).
SOCKSERV_API std::unique_ptr<Policy> make_serial_policy();

/// How the threading policy runs its threads.
struct ThreadingOptions {
  /// Most requests running at once; further ones wait their turn (0: no limit).
  std::size_t max_threads = 0;
  /// Most threads kept parked after their request ends, for the next request (0: none,
  /// every request starts a thread of its own).
  std::size_t idle_threads = 64;
  /// How long a parked thread waits for a request before it ends.
  Duration idle_timeout = std::chrono::seconds(10);
  /// Each thread's stack in bytes (0: the system default, `ulimit -s`).
  std::size_t stack_size = 256 * 1024;
};

/// A thread per running connection or datagram (ThreadingMixIn). With `max_threads` > 0,
/// at most that many run at once and further requests wait their turn (none is dropped).
/// A thread whose request ended parks for the next one (see ThreadingOptions); the
/// policy's destructor waits for running requests, then ends the parked threads.
SOCKSERV_API std::unique_ptr<Policy> make_threading_policy(const ThreadingOptions& options);

/// The threading policy with default options but `max_threads`.
SOCKSERV_API std::unique_ptr<Policy> make_threading_policy(std::size_t max_threads = 0);

/// ForkingMixIn: a child process per connection or datagram, reaped as soon as it exits; a
/// crash in a child is logged and harms nothing else. At `max_children` running, accepting
/// waits until one exits (none is dropped). Each child has its own copy of the plugin
/// object: state does not survive a request unless kept in shared memory or outside.
/// Fork only from a single-threaded process (a warning is logged otherwise). `log`: where
/// children's ends are reported; null means a log of its own.
SOCKSERV_API std::unique_ptr<Policy> make_forking_policy(std::size_t max_children = 40,
                                                         std::shared_ptr<Logger> log = nullptr);

/// gevent-like: `threads` event loops (0: one per core), each request in a fiber with a
/// guard-paged stack of `stack_size` bytes; blocking SDK calls suspend only the fiber.
SOCKSERV_API std::unique_ptr<Policy> make_coroutine_policy(std::size_t threads = 0,
                                                           std::size_t stack_size = 256 * 1024);

}  // namespace sockserv
