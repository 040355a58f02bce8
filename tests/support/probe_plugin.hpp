#pragma once
// An in-process plugin whose handlers do what the client asks, so one test body can
// probe the framework under every transport and policy.
//
// Each request (a line on a stream, a datagram) is a command:
//   "hold"   count this request as active, wait until `gate` hold requests have arrived
//            or `hold` passes, then answer "held" — the server-observed overlap is
//            `max_active`. Until the gate-th arrives no holder leaves, so under a
//            concurrent policy all of the first `gate` are active at once.
//   "boom"   throw from handle()
//   "sleep"  sleep for an hour (ends only by cancellation), then answer "woke"
//   "slow"   sleep `slow` then answer "done"
//   "crash"  raise SIGSEGV — only under forking, where it ends just the request's child
//   "stuck"  block in pause(2), out of cancellation's reach — only under forking, where
//            terminate() kills the child
//   "pidfds" answer how many pidfds this process holds
//   "fd"     (streams) answer the connection's descriptor number
//   other    echoed back

#include <sockserv/datagram.hpp>
#include <sockserv/error.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

namespace sockserv::test {

/// What the probe's handlers record and obey; shared by the test and the server. Make it
/// with make_probe_state(), so that forked children share it too.
struct ProbeState {
  std::atomic<int> active{0};
  std::atomic<int> arrived{0};   ///< "hold" requests ever started: the gate counts these
  std::atomic<int> max_active{0};
  std::atomic<int> handled{0};
  std::atomic<int> finished{0};  ///< finish() calls
  int gate = 1;
  Duration hold = std::chrono::milliseconds(200);
  Duration slow = std::chrono::milliseconds(300);
};

// Lock-free atomics are plain memory operations, so they work across processes too.
static_assert(std::atomic<int>::is_always_lock_free);

/// A ProbeState in memory shared with child processes (MAP_SHARED), so handlers running
/// in the forking policy's children update the very counters the test reads.
inline std::shared_ptr<ProbeState> make_probe_state() {
  void* memory = ::mmap(nullptr, sizeof(ProbeState), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw SystemError("mmap for the probe's state", errno);
  return std::shared_ptr<ProbeState>(new (memory) ProbeState, [](ProbeState* s) {
    s->~ProbeState();
    ::munmap(s, sizeof(ProbeState));
  });
}

/// The numbers of this process's descriptors that are pidfds, in ascending order.
inline std::vector<int> pidfd_numbers() {
  std::vector<int> fds;
  std::error_code ignored;
  for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd", ignored))
    if (std::filesystem::read_symlink(fd.path(), ignored) == "anon_inode:[pidfd]")
      fds.push_back(std::stoi(fd.path().filename().string()));
  std::ranges::sort(fds);
  return fds;
}

/// How many of this process's descriptors are pidfds.
inline int count_pidfds() { return int(pidfd_numbers().size()); }

/// Runs one probe command; returns the answer.
inline std::string probe_answer(ProbeState& s, const std::string& command) {
  using namespace std::chrono_literals;
  ++s.handled;
  if (command == "boom") throw std::runtime_error("boom requested by the client");
  if (command == "crash") {
    std::raise(SIGSEGV);
    return "survived SIGSEGV";
  }
  if (command == "stuck") {
    for (;;) ::pause();  // a signal handler returns here; only SIGKILL ends it
  }
  if (command == "pidfds") return std::to_string(count_pidfds());
  if (command == "sleep") {
    sleep_for(1h);
    return "woke";
  }
  if (command == "slow") {
    sleep_for(s.slow);
    return "done";
  }
  if (command != "hold") return command;
  ++s.arrived;
  int now = ++s.active;
  int seen = s.max_active.load();
  while (now > seen && !s.max_active.compare_exchange_weak(seen, now)) {
  }
  // sleep_for, not a condition variable: it must only suspend a fiber, never its thread.
  auto until = Clock::now() + s.hold;
  while (s.arrived.load() < s.gate && Clock::now() < until) sleep_for(1ms);
  --s.active;
  return "held";
}

class ProbeStream final : public StreamHandler {
 public:
  explicit ProbeStream(ProbeState& s) : s_(s) {}
  void handle(Stream& stream) override {
    while (auto line = stream.read_line()) {
      std::string answer =
          *line == "fd" ? std::to_string(stream.native_handle()) : probe_answer(s_, *line);
      stream.write_all(answer + "\n");
    }
  }
  void finish(Stream&) override { ++s_.finished; }

 private:
  ProbeState& s_;
};

class ProbeDatagram final : public DatagramHandler {
 public:
  explicit ProbeDatagram(ProbeState& s) : s_(s) {}
  void handle(Datagram& d) override { d.reply(probe_answer(s_, std::string(d.data()))); }
  void finish(Datagram&) override { ++s_.finished; }

 private:
  ProbeState& s_;
};

class ProbePlugin final : public Plugin {
 public:
  explicit ProbePlugin(std::shared_ptr<ProbeState> s) : s_(std::move(s)) {}
  std::unique_ptr<StreamHandler> make_stream_handler() override {
    return std::make_unique<ProbeStream>(*s_);
  }
  std::unique_ptr<DatagramHandler> make_datagram_handler() override {
    return std::make_unique<ProbeDatagram>(*s_);
  }

 private:
  std::shared_ptr<ProbeState> s_;
};

}  // namespace sockserv::test
