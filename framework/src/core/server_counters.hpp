#pragma once
// One server's counters in one process: what `sockserv_*` metrics are summed from. Under
// `sockserv run` each worker's counters sit in a slot of the supervisor's shared table
// (counter_table.hpp), so a forked per-connection child counts into its worker's slot;
// an embedded Server keeps its own.

#include <atomic>
#include <cstdint>

namespace sockserv::detail {

/// Relaxed atomics only: they are summed for reporting, nothing is ordered by them. A
/// slot is one or two cache lines of its own, so workers never share a line.
struct alignas(64) ServerCounters {
  std::atomic<std::uint64_t> accepted{0};            ///< connections / datagrams taken in
  std::atomic<std::uint64_t> refused_access{0};      ///< by the allow/deny lists
  std::atomic<std::uint64_t> refused_per_source{0};  ///< over limits.per_source
  std::atomic<std::uint64_t> refused_overload{0};    ///< over max_connections (and queue)
  std::atomic<std::uint64_t> refused_plugin{0};      ///< verify_request said no or threw
  std::atomic<std::uint64_t> active{0};              ///< admitted requests not yet ended
  std::atomic<std::uint64_t> handler_errors{0};      ///< requests ended by an exception
  std::atomic<std::uint64_t> bytes_in{0};            ///< read by Stream, received datagrams
  std::atomic<std::uint64_t> bytes_out{0};           ///< written, sent by sendfile, replied
  std::atomic<std::uint64_t> restarts{0};            ///< worker restarts (supervisor only)
};

// Shared between processes through a MAP_SHARED mapping: only lock-free atomics work there.
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

/// Adds `n` to `counter`: the one relaxed add the hot path pays.
inline void count(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
  counter.fetch_add(n, std::memory_order_relaxed);
}

/// The framework's way to point a request's Stream or Datagram at its server's counters
/// (their `counters_` is private: plugins neither see nor change it).
struct CounterAccess {
  template <class StreamOrDatagram>
  static void count_into(StreamOrDatagram& subject, ServerCounters* counters) noexcept {
    subject.counters_ = counters;
  }
};

}  // namespace sockserv::detail

namespace sockserv::core {

/// The counters a Server constructed in this process counts into instead of its own;
/// null (the default) for embedded servers. The supervisor sets it just before forking a
/// worker, so the worker's Server counts into the worker's shared slot.
detail::ServerCounters* process_counters() noexcept;
/// Sets process_counters(). Called on the supervisor's one thread only.
void set_process_counters(detail::ServerCounters* counters) noexcept;

}  // namespace sockserv::core
