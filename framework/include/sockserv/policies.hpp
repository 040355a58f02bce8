#pragma once
/// @file policies.hpp
/// The built-in policies, for code that embeds a Server without a config file.

#include <sockserv/api.hpp>
#include <sockserv/log.hpp>
#include <sockserv/policy.hpp>

#include <cstddef>
#include <memory>

namespace sockserv {

/// One request at a time, on the serving thread (socketserver's base servers).
SOCKSERV_API std::unique_ptr<Policy> make_serial_policy();

/// A thread per connection or datagram (ThreadingMixIn). With `max_threads` > 0, at most
/// that many run at once and further requests wait their turn (none is dropped).
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
