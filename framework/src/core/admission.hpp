#pragma once
// Connection accounting behind a server's limits: how many requests run in total and
// from each source address, and the slot each admitted request holds until it ends.

#include "core/server_counters.hpp"
#include "sdk/ip_key.hpp"

#include <sockserv/address.hpp>
#include <sockserv/limits.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace sockserv::core {

/// A server's admission counts. Written by the acceptor and by whichever thread ends a
/// request; read at any time.
struct AdmissionCounters {
  std::atomic<std::uint64_t> active{0};  ///< slots holding a max_connections share
  std::atomic<std::uint64_t> queued{0};  ///< connections waiting for such a share
  /// Where `active` is mirrored for metrics_snapshot() (null: nowhere). Set before use.
  detail::ServerCounters* metrics = nullptr;
  /// The process whose shares `metrics` mirrors: a forked child that ends a request
  /// releases its copy of the slot, which must not count again in shared memory.
  pid_t owner = ::getpid();
};

class Admission;

/// One request's share of its server's limits: its per-source count and its
/// max_connections count, each held once taken. Destroying the slot releases both (RAII),
/// so a request's slot is free exactly when its body is destroyed. Move-only.
class Slot {
 public:
  Slot() = default;
  Slot(Slot&& other) noexcept;
  Slot& operator=(Slot&& other) noexcept;
  ~Slot() { release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

  /// True once it holds a max_connections share.
  bool counted() const noexcept { return counted_; }

 private:
  friend class Admission;
  void release() noexcept;

  std::shared_ptr<Admission> admission_;
  std::optional<detail::IpKey> source_;  ///< set while holding a per-source share
  bool counted_ = false;
};

/// The counting itself. Thread-safe: slots are released on any thread.
class Admission {
 public:
  /// Reads `limits` when counting (so they may be set after construction, before use) and
  /// keeps `counters` up to date. Both must outlive this object.
  Admission(const Limits& limits, AdmissionCounters& counters);
  ~Admission();
  Admission(const Admission&) = delete;
  Admission& operator=(const Admission&) = delete;

  /// A slot for `peer` holding its per-source share, or nullopt if `peer` already has
  /// limits.per_source slots. Non-IP peers, and any peer when there is no per-source
  /// limit, get a slot without one. `self` is this object; slots keep it alive.
  static std::optional<Slot> enter(const std::shared_ptr<Admission>& self, const Address& peer);
  /// Adds a max_connections share to `slot` (made by enter()); false if max_connections
  /// are held already. Always succeeds without a limit (the share still counts as active).
  bool take(Slot& slot) noexcept;

  /// Readable (POLLIN) after a share was released while counters.queued > 0, until
  /// clear_wake(): what the acceptor waits on to admit a queued connection.
  int wake_fd() const noexcept { return wake_fd_; }
  /// Consumes a wake-up.
  void clear_wake() noexcept;

 private:
  friend class Slot;
  void release_share() noexcept;
  void release_source(const detail::IpKey& source) noexcept;

  const Limits& limits_;
  AdmissionCounters& counters_;
  int wake_fd_;
  std::mutex sources_mutex_;
  std::map<detail::IpKey, std::size_t> sources_;  ///< open slots per source address
};

}  // namespace sockserv::core
