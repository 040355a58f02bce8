#include "core/builtin_policies.hpp"

#include <sockserv/policies.hpp>
#include <sockserv/version.hpp>

namespace sockserv::core {

const std::vector<BuiltinPolicy>& builtin_policies() {
  static const std::vector<BuiltinPolicy> all = {
      {{"serial", SOCKSERV_VERSION, "one request at a time, on the serving thread", {}},
       [](const PolicyContext&) { return make_serial_policy(); }},
      {{"threading", SOCKSERV_VERSION, "a thread per connection or datagram",
        {{"max_threads", OptionType::integer, "0",
          "most requests running at once; further ones wait their turn (0: no limit)", "0",
          "100000"},
         {"idle_threads", OptionType::integer, "64",
          "most threads kept parked after their request, for the next one (0: none)", "0",
          "100000"},
         {"thread_idle_timeout", OptionType::duration, "10s",
          "how long a parked thread waits for a request before it ends", "1ms", "1h"},
         {"stack_size", OptionType::size, "256KiB",
          "each thread's stack; handlers fit in the coroutine policy's 256KiB fibers too",
          "64KiB", "1GiB"}}},
       [](const PolicyContext& c) {
         return make_threading_policy(ThreadingOptions{
             .max_threads = std::size_t(c.options.get_int("max_threads")),
             .idle_threads = std::size_t(c.options.get_int("idle_threads")),
             .idle_timeout = c.options.get_duration("thread_idle_timeout"),
             .stack_size = std::size_t(c.options.get_size("stack_size"))});
       }},
      {{"forking", SOCKSERV_VERSION, "a child process per connection or datagram",
        {{"max_children", OptionType::integer, "40",
          "most children running at once; further requests wait their turn. Forking needs a "
          "single-threaded process, as each server has under `sockserv run`",
          "1", "100000"}}},
       [](const PolicyContext& c) {
         return make_forking_policy(std::size_t(c.options.get_int("max_children")), c.log);
       }},
      {{"coroutine", SOCKSERV_VERSION, "a fiber per request on event-loop threads",
        {{"threads", OptionType::integer, "0", "event-loop threads (0: one per core)", "0", "1024"},
         {"stack_size", OptionType::size, "256KiB",
          "each fiber's stack; a guard page below it turns an overflow into a crash", "16KiB",
          "64MiB"}}},
       [](const PolicyContext& c) {
         return make_coroutine_policy(std::size_t(c.options.get_int("threads")),
                                      std::size_t(c.options.get_size("stack_size")));
       }},
  };
  return all;
}

const BuiltinPolicy* find_builtin_policy(std::string_view name) {
  for (const auto& p : builtin_policies())
    if (p.info.name == name) return &p;
  return nullptr;
}

}  // namespace sockserv::core
