#pragma once
// The supervisor's table of counters, shared with every process it forks: one entry per
// server group (a name and a run of slots), one slot per worker, plus a base slot that
// keeps what retired groups of the same name counted. Made before anything is forked, so
// every worker, and every child a worker forks, inherits the mapping.
//
// Writers: each process adds to its own slot (relaxed atomics). Only the supervisor
// changes which entries exist; it does so under a sequence lock (`generation`, odd while
// it writes), and readers retry a snapshot that overlapped a change. So a reader never
// sees a group's totals twice or not at all while they move to another entry.

#include "core/server_counters.hpp"

#include <sockserv/metrics.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace sockserv::core {

class CounterTable;

/// A server group's entry, held by the group (supervisor side). Empty (every call a no-op,
/// worker() null) if there was no table or no room. Move-only; releasing it folds its
/// totals into the entry of the same name that goes on (if any), then frees it.
class CounterLease {
 public:
  CounterLease() = default;
  CounterLease(CounterTable* table, int entry) : table_(table), entry_(entry) {}
  CounterLease(CounterLease&& other) noexcept;
  CounterLease& operator=(CounterLease&& other) noexcept;
  ~CounterLease();

  /// Worker `i`'s slot (0-based), or null.
  detail::ServerCounters* worker(std::size_t i) const noexcept;
  /// A worker was restarted.
  void restarted() noexcept;
  /// Worker `i` has ended: its admitted requests ended with it.
  void worker_ended(std::size_t i) noexcept;
  /// `n` worker processes run now.
  void set_processes(std::size_t n) noexcept;

 private:
  CounterTable* table_ = nullptr;
  int entry_ = -1;
};

/// The shared mapping. Created once, by the supervisor, and never unmapped.
class CounterTable {
 public:
  /// Maps a new table (memfd, MAP_SHARED); throws SystemError if it cannot.
  static CounterTable& create();
  /// The table this process inherited or created, or null (embedded use).
  static CounterTable* attached() noexcept;

  /// A new entry for server `name` with `workers` worker slots. Logs nothing; empty lease
  /// if the table is full or the name is too long (metrics then leave that group out).
  CounterLease lease(const std::string& name, std::size_t workers);
  /// Every server's totals, by name, in entry order. Any process.
  std::vector<ServerMetrics> snapshot() const;

 private:
  friend class CounterLease;
  struct Layout;
  explicit CounterTable(Layout* layout) : layout_(layout) {}
  void release(int entry) noexcept;
  Layout* layout_;
};

}  // namespace sockserv::core
