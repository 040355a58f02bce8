"""Sends every request at once on one connection (pipelining), then reads the responses
in order with http.client. Prints one line per response: STATUS BODY (body as text).

usage: pipeline.py HOST PORT METHOD:PATH...   e.g. GET:/n1.txt HEAD:/n2.txt
"""
import http.client
import socket
import sys


class KeptOpen:
    """The connection's buffered reader, which a finished response may not close."""

    def __init__(self, fp):
        self._fp = fp

    def __getattr__(self, name):
        return getattr(self._fp, name)

    def close(self):
        pass


class SharedFile:
    """Gives every HTTPResponse the same buffered reader, so bytes of the next response
    read ahead by one are not lost to the next."""

    def __init__(self, fp):
        self.fp = KeptOpen(fp)

    def makefile(self, *args, **kwargs):
        return self.fp


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    requests = [arg.split(":", 1) for arg in sys.argv[3:]]
    sock = socket.create_connection((host, port), timeout=10)
    payload = b"".join(
        f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode() for method, path in requests
    )
    sock.sendall(payload)  # all of them before reading any answer
    shared = SharedFile(sock.makefile("rb"))
    for method, _ in requests:
        response = http.client.HTTPResponse(shared, method=method)
        response.begin()
        body = response.read()
        print(response.status, body.decode("utf-8", "replace").replace("\n", "\\n")[:20])
    sock.close()


if __name__ == "__main__":
    main()
