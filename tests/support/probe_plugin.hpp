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
//   other    echoed back

#include <sockserv/datagram.hpp>
#include <sockserv/plugin.hpp>
#include <sockserv/stream.hpp>
#include <sockserv/task.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace sockserv::test {

/// What the probe's handlers record and obey; shared by the test and the server.
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

/// Runs one probe command; returns the answer.
inline std::string probe_answer(ProbeState& s, const std::string& command) {
  using namespace std::chrono_literals;
  ++s.handled;
  if (command == "boom") throw std::runtime_error("boom requested by the client");
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
    while (auto line = stream.read_line()) stream.write_all(probe_answer(s_, *line) + "\n");
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
