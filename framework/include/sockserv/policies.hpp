#pragma once
/// @file policies.hpp
/// The built-in policies, for code that embeds a Server without a config file.

#include <sockserv/api.hpp>
#include <sockserv/policy.hpp>

#include <cstddef>
#include <memory>

namespace sockserv {

/// One request at a time, on the serving thread (socketserver's base servers).
SOCKSERV_API std::unique_ptr<Policy> make_serial_policy();

/// A thread per connection or datagram (ThreadingMixIn). With `max_threads` > 0, at most
/// that many run at once and further requests wait their turn (none is dropped).
SOCKSERV_API std::unique_ptr<Policy> make_threading_policy(std::size_t max_threads = 0);

/// gevent-like: `threads` event loops (0: one per core), each request in a fiber with a
/// guard-paged stack of `stack_size` bytes; blocking SDK calls suspend only the fiber.
SOCKSERV_API std::unique_ptr<Policy> make_coroutine_policy(std::size_t threads = 0,
                                                           std::size_t stack_size = 256 * 1024);

}  // namespace sockserv
