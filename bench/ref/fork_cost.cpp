// The floor under every forking server on this machine: the CPU time of fork(), the
// child's _exit and the parent's waitpid, with nothing else done. bench/run.sh prints it
// beside the forking scenarios, so their CPU per operation can be read against it.
//   sockserv-fork-cost [COUNT]   -> {"tool":"fork-cost","forks":N,"cpu_us_per_fork":X}

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace {

double cpu_seconds(int who) {
  rusage u{};
  ::getrusage(who, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  long count = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 1000;
  if (count <= 0) {
    std::fprintf(stderr, "sockserv-fork-cost: COUNT must be a positive number, got '%s'\n", argv[1]);
    return 2;
  }
  for (long i = 0; i < count; ++i) {
    pid_t pid = ::fork();
    if (pid < 0) {
      std::perror("sockserv-fork-cost: fork");
      return 1;
    }
    if (pid == 0) ::_exit(0);
    ::waitpid(pid, nullptr, 0);
  }
  double cpu = cpu_seconds(RUSAGE_SELF) + cpu_seconds(RUSAGE_CHILDREN);
  std::printf("{\"tool\":\"fork-cost\",\"forks\":%ld,\"cpu_us_per_fork\":%.1f}\n", count,
              cpu / static_cast<double>(count) * 1e6);
  return 0;
}
