#include <sockserv/error.hpp>
#include <sockserv/stop.hpp>

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace sockserv {

Stop::Stop() : fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  if (fd_ < 0) throw SystemError("eventfd for the server's stop signal", errno);
}

Stop::~Stop() { ::close(fd_); }

void Stop::request(Deadline drain_deadline) noexcept {
  // Only lock-free atomics and write(2): this runs in signal handlers.
  auto wanted = drain_deadline.time_since_epoch().count();
  auto current = deadline_.load(std::memory_order_relaxed);
  while (wanted < current &&
         !deadline_.compare_exchange_weak(current, wanted, std::memory_order_release)) {
  }
  if (!requested_.exchange(true, std::memory_order_acq_rel)) {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(fd_, &one, sizeof one);
  }
}

Deadline Stop::drain_deadline() const noexcept {
  return Deadline(Deadline::duration(deadline_.load(std::memory_order_acquire)));
}

}  // namespace sockserv
