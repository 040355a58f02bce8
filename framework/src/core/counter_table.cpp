#include "core/counter_table.hpp"

#include "core/server_registry.hpp"

#include <sockserv/error.hpp>

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>
#include <thread>
#include <utility>

namespace sockserv::core {
namespace {

constexpr std::size_t max_entries = 512;
constexpr std::size_t max_slots = 4096;  ///< 512 KiB; a server has at most 1024 workers
constexpr std::size_t name_words = 16;   ///< names up to 127 bytes

using Counter = std::atomic<std::uint64_t> detail::ServerCounters::*;

/// What a retired group's totals carry into its successor: all but the `active` gauge.
constexpr Counter carried[] = {
    &detail::ServerCounters::accepted,       &detail::ServerCounters::refused_access,
    &detail::ServerCounters::refused_per_source, &detail::ServerCounters::refused_overload,
    &detail::ServerCounters::refused_plugin, &detail::ServerCounters::handler_errors,
    &detail::ServerCounters::bytes_in,       &detail::ServerCounters::bytes_out,
    &detail::ServerCounters::restarts};

constexpr auto relaxed = std::memory_order_relaxed;

CounterTable* the_table = nullptr;  // inherited by every process forked after create()

void clear(detail::ServerCounters& c) {
  for (Counter field : carried) (c.*field).store(0, relaxed);
  c.active.store(0, relaxed);
}

}  // namespace

/// A group's entry: written by the supervisor only, inside a generation change.
struct CounterEntry {
  std::atomic<std::uint32_t> used{0};
  std::atomic<std::uint32_t> first{0};  ///< the base slot; workers follow it
  std::atomic<std::uint32_t> count{0};  ///< slots, the base one included
  std::atomic<std::uint32_t> processes{0};
  std::atomic<std::uint64_t> name[name_words] = {};  ///< the name's bytes, zero-padded

  void set_name(const std::string& text) {
    for (std::size_t w = 0; w < name_words; ++w) {
      std::uint64_t word = 0;
      std::size_t at = w * 8;
      if (at < text.size()) std::memcpy(&word, text.data() + at, std::min<std::size_t>(8, text.size() - at));
      name[w].store(word, relaxed);
    }
  }
  std::string get_name() const {
    char bytes[name_words * 8];
    for (std::size_t w = 0; w < name_words; ++w) {
      std::uint64_t word = name[w].load(relaxed);
      std::memcpy(bytes + w * 8, &word, 8);
    }
    return std::string(bytes, strnlen(bytes, sizeof bytes));
  }
  bool same_name(const CounterEntry& other) const {
    for (std::size_t w = 0; w < name_words; ++w)
      if (name[w].load(relaxed) != other.name[w].load(relaxed)) return false;
    return true;
  }
};

struct CounterTable::Layout {
  alignas(64) std::atomic<std::uint64_t> generation{0};  ///< odd while the supervisor writes
  CounterEntry entries[max_entries];
  detail::ServerCounters slots[max_slots];

  /// A sequence lock's write side: readers that overlap it retry.
  void begin_write() {
    generation.store(generation.load(relaxed) + 1, relaxed);
    std::atomic_thread_fence(std::memory_order_release);
  }
  void end_write() { generation.store(generation.load(relaxed) + 1, std::memory_order_release); }

  /// The first run of `n` free slots, or -1.
  long find_slots(std::size_t n) const {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> taken;
    for (const auto& e : entries)
      if (e.used.load(relaxed)) taken.emplace_back(e.first.load(relaxed), e.count.load(relaxed));
    std::sort(taken.begin(), taken.end());
    std::size_t at = 0;
    for (auto [first, count] : taken) {
      if (first >= at + n) break;
      at = std::max<std::size_t>(at, first + count);
    }
    return at + n <= max_slots ? long(at) : -1;
  }
};

CounterTable& CounterTable::create() {
  void* p = ::mmap(nullptr, sizeof(Layout), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
  if (p == MAP_FAILED) throw SystemError("mmap for the shared metrics counters", errno);
  the_table = new CounterTable(new (p) Layout());  // for the process's lifetime
  return *the_table;
}

CounterTable* CounterTable::attached() noexcept { return the_table; }

CounterLease CounterTable::lease(const std::string& name, std::size_t workers) {
  Layout& t = *layout_;
  if (name.size() >= name_words * 8) return {};
  auto free_entry = std::find_if(std::begin(t.entries), std::end(t.entries),
                                 [](const CounterEntry& e) { return !e.used.load(relaxed); });
  long first = t.find_slots(workers + 1);
  if (free_entry == std::end(t.entries) || first < 0) return {};
  for (std::size_t i = 0; i <= workers; ++i) clear(t.slots[std::size_t(first) + i]);
  t.begin_write();
  free_entry->set_name(name);
  free_entry->first.store(std::uint32_t(first), relaxed);
  free_entry->count.store(std::uint32_t(workers + 1), relaxed);
  free_entry->processes.store(0, relaxed);
  free_entry->used.store(1, relaxed);
  t.end_write();
  return {this, int(free_entry - std::begin(t.entries))};
}

void CounterTable::release(int index) noexcept {
  Layout& t = *layout_;
  CounterEntry& gone = t.entries[index];
  std::uint32_t first = gone.first.load(relaxed), count = gone.count.load(relaxed);
  const CounterEntry* heir = nullptr;
  for (const auto& e : t.entries)
    if (&e != &gone && e.used.load(relaxed) && e.same_name(gone)) heir = &e;
  t.begin_write();
  if (heir) {
    auto& base = t.slots[heir->first.load(relaxed)];
    for (std::uint32_t s = first; s < first + count; ++s)
      for (Counter field : carried) detail::count(base.*field, (t.slots[s].*field).load(relaxed));
  }
  gone.used.store(0, relaxed);
  t.end_write();
}

std::vector<ServerMetrics> CounterTable::snapshot() const {
  const Layout& t = *layout_;
  for (;;) {
    std::uint64_t before = t.generation.load(std::memory_order_acquire);
    if (before % 2 == 0) {
      std::vector<ServerMetrics> all;
      for (const auto& e : t.entries) {
        if (!e.used.load(relaxed)) continue;
        std::string name = e.get_name();
        auto it = std::find_if(all.begin(), all.end(), [&](const auto& m) { return m.name == name; });
        if (it == all.end()) it = all.insert(all.end(), ServerMetrics{.name = name});
        std::uint32_t first = e.first.load(relaxed), count = e.count.load(relaxed);
        for (std::uint32_t s = first; s < first + count && s < max_slots; ++s) add_counters(*it, t.slots[s]);
        it->processes += e.processes.load(relaxed);
      }
      std::atomic_thread_fence(std::memory_order_acquire);
      if (t.generation.load(relaxed) == before) return all;
    }
    std::this_thread::yield();  // the supervisor is between two writes: a few stores long
  }
}

CounterLease::CounterLease(CounterLease&& other) noexcept
    : table_(std::exchange(other.table_, nullptr)), entry_(std::exchange(other.entry_, -1)) {}

CounterLease& CounterLease::operator=(CounterLease&& other) noexcept {
  if (this != &other) {
    if (table_) table_->release(entry_);
    table_ = std::exchange(other.table_, nullptr);
    entry_ = std::exchange(other.entry_, -1);
  }
  return *this;
}

CounterLease::~CounterLease() {
  if (table_) table_->release(entry_);
}

detail::ServerCounters* CounterLease::worker(std::size_t i) const noexcept {
  if (!table_) return nullptr;
  const CounterEntry& e = table_->layout_->entries[entry_];
  if (i + 1 >= e.count.load(relaxed)) return nullptr;
  return &table_->layout_->slots[e.first.load(relaxed) + 1 + i];
}

void CounterLease::restarted() noexcept {
  if (!table_) return;
  detail::count(table_->layout_->slots[table_->layout_->entries[entry_].first.load(relaxed)].restarts);
}

void CounterLease::worker_ended(std::size_t i) noexcept {
  if (auto* slot = worker(i)) slot->active.store(0, relaxed);
}

void CounterLease::set_processes(std::size_t n) noexcept {
  if (table_) table_->layout_->entries[entry_].processes.store(std::uint32_t(n), relaxed);
}

}  // namespace sockserv::core
