#include "sdk/read_hints.hpp"

#include <utility>

namespace sockserv::detail {
namespace {
thread_local ReadHints* current_hints = nullptr;
}

ReadHints* ReadHints::current() noexcept { return current_hints; }

ReadHints* ReadHints::install(ReadHints* hints) noexcept {
  return std::exchange(current_hints, hints);
}

}  // namespace sockserv::detail
