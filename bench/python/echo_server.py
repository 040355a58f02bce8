"""The Python peers of sockserv's policies: socketserver echo servers, as a user would write
them. Usage: echo_server.py KIND PORT, KIND one of serial-tcp, threading-tcp, forking-tcp,
serial-udp, threading-udp, forking-udp (serial: the base TCPServer / UDPServer). Serves 127.0.0.1 until SIGTERM; prints where it listens."""
import signal
import socketserver
import sys


class EchoStream(socketserver.BaseRequestHandler):
    def handle(self):
        while data := self.request.recv(65536):
            self.request.sendall(data)


class EchoDatagram(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        sock.sendto(data, self.client_address)


class ForkingTCP(socketserver.ForkingTCPServer):
    max_children = 256  # the default 40 would leave 64 benchmark connections waiting


class ForkingUDP(socketserver.ForkingUDPServer):
    max_children = 256


KINDS = {
    "serial-tcp": (socketserver.TCPServer, EchoStream),
    "serial-udp": (socketserver.UDPServer, EchoDatagram),
    "threading-tcp": (socketserver.ThreadingTCPServer, EchoStream),
    "forking-tcp": (ForkingTCP, EchoStream),
    "threading-udp": (socketserver.ThreadingUDPServer, EchoDatagram),
    "forking-udp": (ForkingUDP, EchoDatagram),
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in KINDS:
        sys.exit(f"usage: echo_server.py {{{','.join(KINDS)}}} PORT")
    server_class, handler = KINDS[sys.argv[1]]
    server_class.allow_reuse_address = True
    server_class.daemon_threads = True
    server_class.request_queue_size = 4096
    with server_class(("127.0.0.1", int(sys.argv[2])), handler) as server:
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        print(f"listening on port {server.server_address[1]}", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
