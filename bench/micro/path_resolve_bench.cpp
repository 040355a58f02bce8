// Path resolution in the http plugin: the pure part (resolve_target: split, %-decode,
// normalise) and the file-system part a request then does (DocumentRoot::open, fstat,
// close) on a real file in a temporary root.
#include "document_root.hpp"
#include "path_resolver.hpp"

#include <benchmark/benchmark.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace {

void resolve(benchmark::State& state, std::string_view target) {
  httpd::ResolvedTarget out;
  for (auto _ : state) {
    if (httpd::resolve_target(target, false, out) != httpd::TargetStatus::ok)
      state.SkipWithError("resolve");
    benchmark::DoNotOptimize(out.relative.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ResolveShort(benchmark::State& s) { resolve(s, "/small.html"); }
void BM_ResolveDeepEscaped(benchmark::State& s) {
  resolve(s, "/docs/./guide/../guide/chapter%201/section%20two/page.html?x=1");
}

/// A temporary root holding small.html, removed at the end.
class TempRoot {
 public:
  TempRoot() {
    char name[] = "/tmp/sockserv-micro-XXXXXX";
    path_ = mkdtemp(name);
    std::ofstream(path_ / "small.html") << std::string(600, 'x');
  }
  ~TempRoot() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void BM_ResolveOpenStat(benchmark::State& state) {
  TempRoot root;
  httpd::DocumentRoot documents(root.path(), false);
  httpd::ResolvedTarget out;
  struct stat st{};
  for (auto _ : state) {
    httpd::resolve_target("/small.html", false, out);
    int fd = documents.open(out.relative);
    if (fd < 0 || fstat(fd, &st) != 0) state.SkipWithError("open");
    close(fd);
  }
  state.SetItemsProcessed(state.iterations());
}

}  // namespace

BENCHMARK(BM_ResolveShort);
BENCHMARK(BM_ResolveDeepEscaped);
BENCHMARK(BM_ResolveOpenStat);
