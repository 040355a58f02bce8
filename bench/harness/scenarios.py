"""The scenarios: issue #8's targets table, each run against its reference, sockserv's
policies and their Python peers. `target` is (server, limit): the server's CPU per
operation (RSS per connection for idle) divided by the reference's must stay at or under
the limit."""
from dataclasses import dataclass, field

ECHO_TCP = ["epoll-echo", "sockserv-coroutine", "sockserv-threading", "sockserv-forking",
            "python-threading", "python-forking"]
ECHO_ALL = ["epoll-echo", "sockserv-coroutine", "sockserv-serial", "sockserv-threading",
            "sockserv-forking", "python-serial", "python-threading", "python-forking"]
HTTP = ["epoll-http", "nginx", "sockserv-coroutine", "sockserv-threading", "sockserv-forking",
        "python-http"]


@dataclass
class Scenario:
    key: str
    title: str
    transport: str       # tcp, udp or http
    load: dict
    servers: list
    reference: str
    targets: list = field(default_factory=list)   # [(server, reference, limit)]
    note: str = ""

    @property
    def floor(self):
        """The minimal server written for the benchmark: the least CPU per operation any
        server can spend here, so Python's CPU over its CPU is the most "≥ 10× less than
        Python" can reach in this scenario."""
        return "epoll-http" if self.transport == "http" else "epoll-echo"


SCENARIOS = [
    Scenario("tcp-64", "TCP echo 64 B, 64 connections", "tcp",
             {"tool": "tcp", "connections": 64, "size": 64}, ECHO_TCP, "epoll-echo",
             [("sockserv-coroutine", "epoll-echo", 1.2)],
             "serial is left out: it serves one connection at a time, the other 63 would wait."),
    Scenario("tcp-16k", "TCP echo 16 KiB, 8 connections", "tcp",
             {"tool": "tcp", "connections": 8, "size": 16384}, ECHO_TCP, "epoll-echo",
             [("sockserv-coroutine", "epoll-echo", 1.2)],
             "serial is left out, as above."),
    Scenario("udp-64", "UDP echo 64 B, 32 clients", "udp",
             {"tool": "udp", "connections": 32, "size": 64}, ECHO_ALL, "epoll-echo",
             [("sockserv-coroutine", "epoll-echo", 1.5)]),
    Scenario("connrate", "Connection rate: connect, 64 B round trip, close; 8 at a time",
             "tcp", {"tool": "connrate", "connections": 8, "size": 64}, ECHO_ALL, "epoll-echo",
             [("sockserv-threading", "epoll-echo", 2.0),
              ("sockserv-forking", "python-forking", 0.2)]),
    Scenario("http-keepalive", "HTTP 600 B file, keep-alive, wrk 64 connections", "http",
             {"tool": "wrk", "connections": 64, "file": "small.html"}, HTTP, "nginx",
             [("sockserv-coroutine", "nginx", 1.0)]),
    Scenario("http-close", "HTTP 600 B file, Connection: close, wrk 64 connections", "http",
             {"tool": "wrk", "connections": 64, "file": "small.html", "close": True}, HTTP,
             "nginx", [("sockserv-coroutine", "nginx", 1.0)]),
    Scenario("http-1mib", "HTTP 1 MiB file, wrk 8 connections", "http",
             {"tool": "wrk", "connections": 8, "file": "large.bin"}, HTTP, "nginx",
             [("sockserv-coroutine", "nginx", 1.0)]),
    Scenario("idle", "10,000 idle connections, then one 64 B round trip each", "tcp",
             {"tool": "idle", "connections": 10000, "size": 64, "concurrency": 256},
             ["epoll-echo", "sockserv-coroutine"], "epoll-echo",
             note="Metric: server RSS while all are open, minus before, per connection; "
                  "target <= 8 KiB per connection with all answered."),
]

BY_KEY = {s.key: s for s in SCENARIOS}
