#include "support/process.hpp"

#include <sockserv/error.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <thread>

extern char** environ;

namespace sockserv::test {

using Clock = std::chrono::steady_clock;

Process::Process(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) < 0 || ::pipe2(err, O_CLOEXEC) < 0) throw SystemError("pipe", errno);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  out_fd_ = out[0];
  err_fd_ = err[0];
  if (rc != 0) throw SystemError("spawn " + argv[0], rc);
}

Process::~Process() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::close(out_fd_);
  ::close(err_fd_);
}

bool Process::pump(std::chrono::milliseconds timeout) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (::poll(fds, 2, int(timeout.count())) <= 0) return false;
  bool got = false;
  char buf[4096];
  for (int i = 0; i < 2; ++i) {
    if (!fds[i].revents) continue;
    ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
    if (n > 0) (i == 0 ? out_ : err_).append(buf, std::size_t(n)), got = true;
  }
  return got;
}

bool Process::wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  while (out_.find(text) == std::string::npos && err_.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0 || !pump(left)) {
      if (Clock::now() >= until) return false;
    }
  }
  return true;
}

std::vector<std::string> Process::lines_with(const std::string& text) const {
  std::vector<std::string> found;
  for (const std::string* s : {&out_, &err_}) {
    std::istringstream lines(*s);
    for (std::string line; std::getline(lines, line);)
      if (line.find(text) != std::string::npos) found.push_back(line);
  }
  return found;
}

void Process::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

std::optional<int> Process::wait(std::chrono::milliseconds timeout) {
  auto until = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      while (pump(std::chrono::milliseconds(0))) {
      }
      return status;
    }
    if (Clock::now() >= until) return std::nullopt;
    pump(std::chrono::milliseconds(5));  // keeps the pipes drained while waiting
  }
}

Finished run_to_end(const std::vector<std::string>& argv) {
  Process p(argv);
  Finished f;
  auto status = p.wait(std::chrono::seconds(60));
  if (status && WIFEXITED(*status)) f.exit_code = WEXITSTATUS(*status);
  f.out = p.out();
  f.err = p.err();
  return f;
}

}  // namespace sockserv::test
