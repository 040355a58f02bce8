#include "core/child_set.hpp"
#include "core/spdlog_logger.hpp"
#include "core/this_process.hpp"

#include <sockserv/error.hpp>
#include <sockserv/policies.hpp>
#include <sockserv/stop.hpp>
#include <sockserv/task.hpp>

#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <vector>

namespace sockserv {
namespace {

using namespace std::chrono_literals;

/// How long terminate() lets children end after SIGTERM before it sends SIGKILL.
constexpr Duration terminate_grace = 1s;

/// In a child only: its own copy of the server's Stop, which SIGTERM requests.
std::atomic<Stop*> child_stop{nullptr};

/// terminate()'s SIGTERM, in a child: cancel the request's waits now, so the handler
/// unwinds through finish() and the child exits as a thread's request would.
void on_child_sigterm(int) {
  if (Stop* stop = child_stop.load()) stop->request(Clock::now());  // async-signal-safe
}

/// ForkingMixIn: a child process per connection or datagram, watched through a pidfd.
/// Owns its accept loop so one poll(2) covers the listener, the stop and every child.
/// Fork only from a single-threaded process (DESIGN §11): a lock held by another thread
/// at fork time stays locked forever in the child. `sockserv run` gives each server its
/// own process, so there this holds. Called only from the serving thread.
///
/// A child cannot see the server's stop: its Stop is a copy made at fork time, and the
/// shared stop eventfd is swapped for a private one. It learns of a shutdown only from
/// terminate()'s SIGTERM at the drain deadline, which cancels its waits.
class ForkingPolicy final : public Policy {
 public:
  ForkingPolicy(std::size_t max_children, std::shared_ptr<Logger> log)
      : max_children_(std::max<std::size_t>(max_children, 1)), log_(log), children_(log) {}
  ~ForkingPolicy() override {
    try {
      if (children_.size() > 0) terminate();  // no child outlives its policy unreaped
    } catch (const std::exception& e) {
      log_->error(std::string("ending child processes: ") + e.what());
    }
  }

  void serve(Acceptor& acceptor) override;
  void process_request(Request request) override;
  bool wait_idle(Deadline deadline) override { return children_.wait(deadline, 0); }
  void terminate() override;

 private:
  void take_requests(Acceptor& acceptor);
  void fork_child(Request request);
  [[noreturn]] void run_child(Request& request, pid_t parent, const sigset_t& mask) noexcept;
  void become_child(pid_t parent, const sigset_t& mask) noexcept;
  void warn_if_threaded() const;

  const std::size_t max_children_;
  std::shared_ptr<Logger> log_;
  core::ChildSet children_;
  const Stop* stop_ = nullptr;  // known once serve() runs
  int listener_ = -1;           // a stream listener, closed in children; datagram ones reply
};

void ForkingPolicy::serve(Acceptor& acceptor) {
  warn_if_threaded();
  const Stop& stop = acceptor.stop();
  stop_ = &stop;
  if (is_stream(acceptor.transport())) listener_ = acceptor.fd();
  std::vector<pollfd> fds;
  while (!stop.requested()) {
    // At the cap the listener is left out: connections wait in the kernel's backlog
    // (datagrams in the receive buffer) until a child exits.
    bool room = children_.size() < max_children_;
    fds.assign({{room ? acceptor.fd() : -1, POLLIN, 0}, {stop.fd(), POLLIN, 0}});
    children_.append_pollfds(fds);
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw SystemError("poll on the listener and child processes", errno);
    }
    children_.reap_ready(std::span(fds).subspan(2));
    if (fds[0].revents != 0 && !stop.requested()) take_requests(acceptor);
  }
}

void ForkingPolicy::take_requests(Acceptor& acceptor) {
  while (children_.size() < max_children_) {
    auto request = acceptor.try_next();
    if (!request) return;
    fork_child(std::move(*request));
  }
}

void ForkingPolicy::process_request(Request request) {
  children_.wait(no_deadline, max_children_ - 1);  // back-pressure, as threading's cap
  fork_child(std::move(request));
}

void ForkingPolicy::fork_child(Request request) {
  // SIGTERM stays blocked until the child has its handler: terminate() may come at once.
  sigset_t term, mask;
  sigemptyset(&term);
  sigaddset(&term, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &term, &mask);
  pid_t parent = core::this_process();
  // Made here, once, the serving thread's task is inherited by every child, instead of
  // each child making it on first use (an allocation and a thread-exit registration).
  Task::current();
  pid_t pid = ::fork();
  int fork_error = errno;
  if (pid == 0) run_child(request, parent, mask);
  pthread_sigmask(SIG_SETMASK, &mask, nullptr);
  if (pid < 0) {
    log_->error("cannot fork a child for " + request.peer().to_string() + ": " +
                std::strerror(fork_error) + "; the request is dropped");
    return;
  }
  // The parent's copy of the connection closes now; its admission slot (limits) stays
  // taken until the child is reaped.
  Address peer = request.peer();  // before detaching, which destroys the request's body
  children_.add(pid, peer, request.detach_connection());
}

void ForkingPolicy::run_child(Request& request, pid_t parent, const sigset_t& mask) noexcept {
  int status = 1;
  try {
    become_child(parent, mask);
    request.run();
    status = 0;
  } catch (...) {  // no fiber here, so no forced unwind to let through
  }
  // Never back into the parent's stack, its atexit handlers or static destructors.
  ::_exit(status);
}

void ForkingPolicy::become_child(pid_t parent, const sigset_t& mask) noexcept {
  // A child whose server dies is told to end (the signal comes when the forking thread
  // ends, which is the serving thread), and ends at once if that already happened.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::_exit(1);
  children_.close_in_child();
  if (listener_ >= 0) ::close(listener_);
  if (stop_) {
    // The parent's stop eventfd becomes readable when it stops, while this copy of the
    // Stop still says "not requested": waits would spin. Same fd number, private eventfd.
    if (int own = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); own >= 0) {
      ::dup3(own, stop_->fd(), O_CLOEXEC);
      ::close(own);
    }
    // Our own copy, not const in ServerContext; requesting it touches only this child.
    child_stop.store(const_cast<Stop*>(stop_));
  }
  struct sigaction sa {};
  sa.sa_handler = stop_ ? on_child_sigterm : SIG_DFL;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  sigset_t unblocked = mask;
  sigdelset(&unblocked, SIGTERM);
  pthread_sigmask(SIG_SETMASK, &unblocked, nullptr);
}

void ForkingPolicy::terminate() {
  if (children_.size() == 0) return;
  log_->warn("ending " + std::to_string(children_.size()) +
             " child processes: SIGTERM, then SIGKILL to any left after 1s");
  children_.signal_all(SIGTERM);
  if (children_.wait(Clock::now() + terminate_grace, 0)) return;
  children_.signal_all(SIGKILL);
  children_.wait(no_deadline, 0);
}

void ForkingPolicy::warn_if_threaded() const {
  std::error_code ignored;
  auto tasks = std::filesystem::directory_iterator("/proc/self/task", ignored);
  auto threads = std::distance(begin(tasks), end(tasks));
  if (threads <= 1) return;
  log_->warn("forking from a process with " + std::to_string(threads) +
             " threads: a child gets only the serving thread, and a lock another thread "
             "holds stays locked in it. Serve forking servers single-threaded, as under "
             "`sockserv run`");
}

}  // namespace

std::unique_ptr<Policy> make_forking_policy(std::size_t max_children,
                                            std::shared_ptr<Logger> log) {
  if (!log) log = core::make_logger("forking");
  return std::make_unique<ForkingPolicy>(max_children, std::move(log));
}

}  // namespace sockserv
