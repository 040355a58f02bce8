#include "launcher/backoff.hpp"

#include <algorithm>

namespace sockserv::launcher {

Duration Backoff::after_exit(Duration uptime) {
  if (uptime >= stable_) next_ = first_;
  Duration delay = next_;
  next_ = std::min(next_ * 2, longest_);
  return delay;
}

}  // namespace sockserv::launcher
