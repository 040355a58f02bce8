// Channel<T> push/pop: within one thread (the uncontended cost of the lock and the queue)
// and across two threads (a producer thread feeding the benchmark's thread: wake-ups).
#include <sockserv/channel.hpp>

#include <benchmark/benchmark.h>

#include <thread>

namespace {

void BM_ChannelSameThread(benchmark::State& state) {
  sockserv::Channel<int> channel(64);
  for (auto _ : state) {
    channel.push(1);
    benchmark::DoNotOptimize(channel.pop());
  }
  state.SetItemsProcessed(state.iterations());
}

// The producer pushes until the channel closes; capacity is the argument, so a capacity of
// 1 measures a wake-up per value and a larger one how batching amortises it.
void BM_ChannelAcrossThreads(benchmark::State& state) {
  sockserv::Channel<int> channel(static_cast<std::size_t>(state.range(0)));
  std::thread producer([&] {
    while (channel.push(1)) {
    }
  });
  for (auto _ : state) benchmark::DoNotOptimize(channel.pop());
  channel.close();
  while (channel.try_pop()) {
  }
  producer.join();
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_ChannelSameThread);
BENCHMARK(BM_ChannelAcrossThreads)->Arg(1)->Arg(64)->UseRealTime();
