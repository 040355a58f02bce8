#include "core/admission.hpp"

#include "core/this_process.hpp"

#include <sockserv/error.hpp>

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

namespace sockserv::core {

Slot::Slot(Slot&& other) noexcept
    : admission_(std::move(other.admission_)),
      source_(std::exchange(other.source_, std::nullopt)),
      counted_(std::exchange(other.counted_, false)) {}

Slot& Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    release();
    admission_ = std::move(other.admission_);
    source_ = std::exchange(other.source_, std::nullopt);
    counted_ = std::exchange(other.counted_, false);
  }
  return *this;
}

void Slot::release() noexcept {
  if (!admission_) return;
  // The source first: a queued connection woken by the share may be from the same source.
  if (source_) admission_->release_source(*source_);
  if (counted_) admission_->release_share();
  source_.reset();
  counted_ = false;
  admission_.reset();
}

Admission::Admission(const Limits& limits, AdmissionCounters& counters)
    : limits_(limits), counters_(counters), wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (wake_fd_ < 0) throw SystemError("eventfd for admission", errno);
}

Admission::~Admission() { ::close(wake_fd_); }

std::optional<Slot> Admission::enter(const std::shared_ptr<Admission>& self,
                                     const Address& peer) {
  Slot slot;
  slot.admission_ = self;
  std::size_t limit = self->limits_.per_source;
  auto key = detail::ip_key(peer);
  if (limit == 0 || !key) return slot;
  std::lock_guard lock(self->sources_mutex_);
  std::size_t& open = self->sources_[*key];
  if (open >= limit) return std::nullopt;  // open > 0 here, so the entry was not new
  ++open;
  slot.source_ = key;
  return slot;
}

bool Admission::take(Slot& slot) noexcept {
  if (slot.counted_) return true;
  std::uint64_t max = limits_.max_connections;
  std::uint64_t now = counters_.active.load();
  do {
    if (max != 0 && now >= max) return false;
  } while (!counters_.active.compare_exchange_weak(now, now + 1));
  slot.counted_ = true;
  if (counters_.metrics) detail::count(counters_.metrics->active);
  return true;
}

void Admission::release_share() noexcept {
  counters_.active.fetch_sub(1);
  if (counters_.metrics && this_process() == counters_.owner)
    counters_.metrics->active.fetch_sub(1, std::memory_order_relaxed);
  // Sequentially consistent with the acceptor, which raises `queued` and then tries take()
  // once more: either it sees this share free, or this sees it waiting and wakes it.
  if (counters_.queued.load() > 0) {
    std::uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);  // EAGAIN: already awake
  }
}

void Admission::release_source(const detail::IpKey& source) noexcept {
  std::lock_guard lock(sources_mutex_);
  auto it = sources_.find(source);
  if (it != sources_.end() && --it->second == 0) sources_.erase(it);
}

void Admission::clear_wake() noexcept {
  std::uint64_t value;
  [[maybe_unused]] ssize_t n = ::read(wake_fd_, &value, sizeof value);
}

}  // namespace sockserv::core
