// The epoll HTTP/1.1 reference: one thread, one file held in memory, served at "/NAME".
// Keep-alive by default for HTTP/1.1 (and for HTTP/1.0 with "Connection: keep-alive"),
// "Connection: close" honoured, pipelined requests answered in order, HEAD without a body.
// Requests with a body are refused (400) and the connection closed: the benchmark sends none.
#include "args.hpp"
#include "http_request.hpp"
#include "net.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace {

using bench::die;

struct Connection {
  std::string in;            // bytes read, not yet parsed
  std::string head;          // the response head being written
  std::string_view body;     // the response body being written (points into the file)
  std::size_t head_sent = 0;
  bool close_after = false;  // close once this response is written
};

struct Site {
  std::string path;  // "/" + the file's name
  std::string file;  // its bytes
};

std::string load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read --file '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void watch(int epoll, int op, int fd, std::uint32_t events) {
  epoll_event e{events, {}};
  e.data.fd = fd;
  if (epoll_ctl(epoll, op, fd, &e) < 0) die("epoll_ctl");
}

void respond(Connection& c, const Site& site, const bench::HttpRequest& r) {
  int status = r.bad ? 400 : r.target != site.path ? 404 : (r.get || r.head) ? 200 : 405;
  std::string_view body = status == 200 ? std::string_view(site.file) : std::string_view();
  const char* reason = status == 200 ? "OK" : status == 400 ? "Bad Request"
                     : status == 404 ? "Not Found" : "Method Not Allowed";
  c.close_after = !r.keep_alive || status == 400;
  c.head = "HTTP/1.1 " + std::to_string(status) + " " + reason +
           "\r\nServer: ref\r\nContent-Type: text/html\r\nContent-Length: " +
           std::to_string(body.size()) + (c.close_after ? "\r\nConnection: close" : "") +
           "\r\n\r\n";
  c.head_sent = 0;
  c.body = r.head ? std::string_view() : body;
}

// Writes the current response; false on EAGAIN (wait for EPOLLOUT) or an error (errno).
bool write_out(int fd, Connection& c) {
  while (c.head_sent < c.head.size() || !c.body.empty()) {
    iovec parts[2] = {{c.head.data() + c.head_sent, c.head.size() - c.head_sent},
                      {const_cast<char*>(c.body.data()), c.body.size()}};
    ssize_t n = writev(fd, parts, 2);
    if (n < 0) return false;
    auto from_head = std::min(static_cast<std::size_t>(n), c.head.size() - c.head_sent);
    c.head_sent += from_head;
    c.body.remove_prefix(static_cast<std::size_t>(n) - from_head);
  }
  return true;
}

class Server {
 public:
  Server(int listener, Site site) : listener_(listener), site_(std::move(site)) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    watch(epoll_, EPOLL_CTL_ADD, listener_, EPOLLIN);
  }

  [[noreturn]] void run() {
    epoll_event events[256];
    for (;;) {
      int n = epoll_wait(epoll_, events, 256, -1);
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == listener_) accept_all();
        else if (events[i].events & EPOLLOUT) resume(fd);
        else read_from(fd);
      }
    }
  }

 private:
  void accept_all() {
    for (int fd; (fd = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
      bench::set_nodelay(fd);
      connections_[fd];
      watch(epoll_, EPOLL_CTL_ADD, fd, EPOLLIN);
    }
  }

  void read_from(int fd) {
    char buffer[16 * 1024];
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) return drop(fd);
    connections_[fd].in.append(buffer, static_cast<std::size_t>(n));
    serve(fd);
  }

  // Answers every complete request buffered, in order, until one must wait for EPOLLOUT.
  void serve(int fd) {
    Connection& c = connections_[fd];
    while (auto request = bench::take_request(c.in)) {
      respond(c, site_, *request);
      if (!write_out(fd, c)) {
        if (errno != EAGAIN) return drop(fd);
        return watch(epoll_, EPOLL_CTL_MOD, fd, EPOLLOUT);
      }
      if (c.close_after) return drop(fd);
    }
    if (c.in.size() > bench::max_head_bytes) drop(fd);
  }

  void resume(int fd) {
    Connection& c = connections_[fd];
    if (!write_out(fd, c)) {
      if (errno != EAGAIN) drop(fd);
      return;
    }
    if (c.close_after) return drop(fd);
    watch(epoll_, EPOLL_CTL_MOD, fd, EPOLLIN);
    serve(fd);
  }

  void drop(int fd) {
    connections_.erase(fd);
    close(fd);
  }

  int listener_;
  int epoll_;
  Site site_;
  std::unordered_map<int, Connection> connections_;
};

}  // namespace

int main(int argc, char** argv) {
  try {
    bench::Args args(argc, argv, 1, {{"host", "127.0.0.1"}, {"port", "0"}, {"file", ""}});
    std::string path = args.text("file");
    Site site{"/" + path.substr(path.find_last_of('/') + 1), load(path)};
    int listener = bench::bind_socket(
        bench::make_address(args.text("host"), args.count("port")), SOCK_STREAM);
    std::printf("listening on tcp port %u, serving %s\n", bench::local_port(listener),
                site.path.c_str());
    std::fflush(stdout);
    Server(listener, std::move(site)).run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sockserv-ref-http: %s\n", e.what());
    return 2;
  }
}
