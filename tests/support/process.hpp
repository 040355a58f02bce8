#pragma once
// A child process for tests of the `sockserv` command: its output is captured, every wait
// is bounded, and it is killed (by its PID) if a test ends while it still runs.

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sockserv::test {

/// A running program with stdout and stderr captured.
class Process {
 public:
  /// Starts `argv[0]` with `argv`.
  explicit Process(const std::vector<std::string>& argv);
  /// Kills the process if it still runs.
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  /// Reads output until stderr+stdout contain `text` (true) or `timeout` passes (false).
  bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout);
  /// Every line of output so far that contains `text`.
  std::vector<std::string> lines_with(const std::string& text) const;
  /// Sends `signal`.
  void signal(int signal);
  /// Waits for the exit and returns the wait status, or nullopt after `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  /// Everything it wrote to stdout.
  const std::string& out() const { return out_; }
  /// Everything it wrote to stderr.
  const std::string& err() const { return err_; }
  pid_t pid() const { return pid_; }

 private:
  bool pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
};

/// The result of a program run to its end.
struct Finished {
  int exit_code = -1;  ///< -1 if it did not exit normally in time
  std::string out;
  std::string err;
};

/// Runs a program to completion (at most 60s) and returns its exit code and output.
Finished run_to_end(const std::vector<std::string>& argv);

}  // namespace sockserv::test
