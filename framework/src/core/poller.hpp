#pragma once
// The readiness of the descriptors one event loop waits on. Each is registered with epoll
// once, edge-triggered, for reading and writing; an edge wakes the waiters of its
// direction or, if none waits, is kept for the next wait. So a wait that follows a failed
// read costs no system call (Asio's reactor re-arms with epoll_ctl on every wait), and a
// descriptor about to be closed needs no EPOLL_CTL_DEL: close removes it from epoll.

#include "sdk/read_hints.hpp"

#include <cstdint>
#include <vector>

namespace sockserv::core {

enum class Direction : std::uint8_t { read = 0, write = 1 };

/// Also the ReadHints of its loop's thread: a descriptor a short read drained has no data
/// until its next read edge.
class Poller final : public detail::ReadHints {
 public:
  /// One task waiting on one descriptor; embedded in the task.
  struct Waiter {
    Waiter* next = nullptr;
    int fd = -1;  ///< the descriptor waited on, -1 when not waiting
    Direction direction = Direction::read;
    void* owner = nullptr;
  };

  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  /// True if `fd` may be ready for `direction` (an edge came since the last wait, which
  /// this consumes; or `fd` cannot be polled, like a regular file). Otherwise enlists
  /// `waiter`, registering `fd` on first use, and returns false.
  bool ready_or_enlist(int fd, Direction direction, Waiter& waiter);
  /// Takes `waiter` off its descriptor's list (after a timeout or a poke); nothing if it
  /// is not on one.
  void withdraw(Waiter& waiter) noexcept;
  /// Lets go of `fd` before it is closed: its waiters are appended to `woken` (their next
  /// system call reports what happened) and a later descriptor with the same number
  /// starts afresh.
  void forget(int fd, std::vector<Waiter*>& woken);

  /// Registers a new connection's `fd` as having no data yet, so its first read waits for
  /// an edge (registration reports data already there) instead of trying a recv.
  void expect_first_read(int fd);

  bool may_have_data(int fd) const noexcept override;
  void drained(int fd) noexcept override;

  /// Makes `fd` (an eventfd) the loop's wake-up: poll() returns true when it is readable.
  void set_wakeup(int fd);

  /// Waits up to `timeout_ms` (-1: no limit) for edges and appends the waiters they wake
  /// to `woken`; true if the wake-up descriptor was among them.
  bool poll(int timeout_ms, std::vector<Waiter*>& woken);

 private:
  struct FdState {
    std::uint32_t generation = 0;  ///< stale events of a forgotten registration carry an older one
    bool registered = false;
    bool always_ready = false;  ///< epoll refused it (EPERM: a regular file)
    bool empty = false;         ///< drained by a short read, no read edge since
    bool urgent = false;        ///< TCP urgent data came: a read stops short at its mark
    bool hung_up = false;       ///< the peer's FIN or an error came: the end is still to read
    bool edge[2] = {false, false};
    Waiter* waiters[2] = {nullptr, nullptr};
  };
  static constexpr std::uint64_t wakeup_key = ~std::uint64_t(0);

  FdState& state(int fd);
  void register_fd(int fd, FdState& s);
  void on_event(std::uint64_t key, std::uint32_t events, std::vector<Waiter*>& woken);
  /// Detaches `s`'s waiters of `d` and appends them to `woken`.
  static void wake_all(FdState& s, Direction d, std::vector<Waiter*>& woken) noexcept;

  int epoll_fd_;
  std::vector<FdState> fds_;
};

}  // namespace sockserv::core
