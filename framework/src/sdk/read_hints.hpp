#pragma once
// What an event loop knows of whether a socket has data, so Stream can skip a recv that
// would fail. On a ping-pong connection the read after each reply finds nothing: a failed
// recv per message, a third of the system calls, unless the read waits for the next edge
// first. Internal to the framework; the coroutine policy's loop sets it on its thread.

namespace sockserv::detail {

class ReadHints {
 public:
  /// False only when the last read of `fd` drained it and no edge has come since: the
  /// caller should wait for readiness before reading.
  virtual bool may_have_data(int fd) const noexcept = 0;
  /// A read of `fd` just came back short: the socket's queue was empty at that moment, so
  /// data that comes later brings an edge. Only for TCP, where a short read means that.
  virtual void drained(int fd) noexcept = 0;

  /// The hints of the loop running on this thread, or null (a plain thread).
  static ReadHints* current() noexcept;
  /// Installs `hints` for this thread (null to remove); returns the previous ones.
  static ReadHints* install(ReadHints* hints) noexcept;

 protected:
  ~ReadHints() = default;
};

}  // namespace sockserv::detail
