"""Every server the benchmark starts: how to start it on a port, and what it is compared to.

Each is started pinned to the server core, in a session of its own (so that a forking
server's children can be found and, as a last resort, killed with it), and stopped by its
PID: SIGTERM, then SIGKILL to its process group after a grace period."""
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# sockserv's policies as written in bench/conf/*.yaml.in. max_children is raised from 40 so
# that 64 connections are all served at once, as Python's peer below is configured too.
POLICIES = {
    "serial": "serial",
    "threading": "threading",
    "forking": "{type: forking, max_children: 256}",
    "coroutine": "{type: coroutine, threads: 1}",
}


@dataclass
class Server:
    key: str            # short name in tables and results
    label: str          # what it is
    peer: str = ""      # the Python server of the same policy, for the >= 10x comparison


SERVERS = {s.key: s for s in [
    Server("epoll-echo", "epoll echo reference (bench/ref, 1 thread)"),
    Server("epoll-http", "epoll HTTP reference (bench/ref, 1 thread, file in memory)"),
    Server("nginx", "nginx (Debian), 1 worker"),
    Server("sockserv-serial", "sockserv run, serial", "python-serial"),
    Server("sockserv-threading", "sockserv run, threading", "python-threading"),
    Server("sockserv-forking", "sockserv run, forking", "python-forking"),
    Server("sockserv-coroutine", "sockserv run, coroutine (threads: 1)"),
    Server("python-serial", "Python socketserver TCPServer/UDPServer"),
    Server("python-threading", "Python socketserver ThreadingTCPServer/ThreadingUDPServer"),
    Server("python-forking", "Python socketserver ForkingTCPServer/ForkingUDPServer"),
    Server("python-http", "python3 -m http.server (ThreadingHTTPServer, HTTP/1.0)"),
]}
HTTP_PEERS = {"sockserv-threading": "python-http"}


def free_port(transport):
    """A loopback port free for TCP and for UDP alike: the epoll reference binds both, so a
    port free for one transport only would make it fail with "Address already in use"."""
    for _ in range(100):
        first = socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM
        other = socket.SOCK_STREAM if first == socket.SOCK_DGRAM else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, first) as a:
            a.bind(("127.0.0.1", 0))
            port = a.getsockname()[1]
            with socket.socket(socket.AF_INET, other) as b:
                try:
                    b.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    raise RuntimeError("no loopback port free for both TCP and UDP after 100 tries")


def _fill(template, out_path, values):
    with open(os.path.join(BENCH, template)) as f:
        text = f.read()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    with open(out_path, "w") as f:
        f.write(text)
    return out_path


def command(key, transport, port, ctx):
    """The argv that starts server `key` for `transport` ("tcp", "udp" or "http")."""
    if key == "epoll-echo":
        return [ctx.bin("sockserv-ref-echo"), "--port", str(port)]
    if key == "epoll-http":
        return [ctx.bin("sockserv-ref-http"), "--port", str(port), "--file", ctx.served_file]
    if key == "nginx":
        conf = _fill("nginx/nginx.conf.in", ctx.path("nginx.conf"),
                     {"PORT": str(port), "ROOT": ctx.www, "TEMP": ctx.temp})
        return ["nginx", "-p", ctx.temp, "-c", conf, "-e", ctx.path("nginx-early.log")]
    if key == "python-http":
        return ["python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory", ctx.www,
                str(port)]
    if key.startswith("python-"):
        kind = key.split("-", 1)[1] + ("-udp" if transport == "udp" else "-tcp")
        return ["python3", os.path.join(BENCH, "python", "echo_server.py"), kind, str(port)]
    policy = POLICIES[key.split("-", 1)[1]]
    scheme = "udp" if transport == "udp" else "tcp"
    template = "conf/http.yaml.in" if transport == "http" else "conf/echo.yaml.in"
    conf = _fill(template, ctx.path(f"{key}-{transport}.yaml"),
                 {"LISTEN": f"{scheme}://127.0.0.1:{port}", "POLICY": policy, "ROOT": ctx.www})
    return [ctx.bin("sockserv"), "run", conf]


class Running:
    """A started server: its PID is the root of the tree that is measured."""

    def __init__(self, key, transport, ctx, cpu):
        self.key, self.transport = key, transport
        self.port = free_port("udp" if transport == "udp" else "tcp")
        self.log = open(ctx.path(f"{key}-{transport}.log"), "ab")
        argv = ["taskset", "-c", str(cpu)] + command(key, transport, self.port, ctx)
        self.process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=self.log, start_new_session=True)
        self.pid = self.process.pid

    def wait_ready(self, timeout=15.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.key} exited with status {self.process.returncode} "
                                   f"before serving; see {self.log.name}")
            if self._answers():
                return
            time.sleep(0.02)
        raise RuntimeError(f"{self.key} did not answer on port {self.port} within {timeout}s; "
                           f"see {self.log.name}")

    def _answers(self):
        kind = socket.SOCK_DGRAM if self.transport == "udp" else socket.SOCK_STREAM
        with socket.socket(socket.AF_INET, kind) as s:
            s.settimeout(0.2)
            try:
                s.connect(("127.0.0.1", self.port))
                if self.transport == "udp":
                    s.send(b"ready?")
                    return s.recv(64) == b"ready?"
                return True
            except OSError:
                return False

    def stop(self, grace=10.0):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        # Children a server left behind (or the server itself, if SIGTERM was not enough)
        # are in its session: the process group whose ID is the PID started here.
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.log.close()
