#!/usr/bin/env python3
"""Runs the embed example end to end: start it, read its port, talk to it, stop it with a
signal, expect exit status 0. Usage: check.py PATH_TO_EMBED_EXAMPLE"""
import re
import signal
import socket
import subprocess
import sys
import threading

TIMEOUT = 10  # seconds any single step may take


def run_once(binary, stop_signal):
    proc = subprocess.Popen([binary], stdout=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        match = re.fullmatch(r"listening on tcp://127\.0\.0\.1:(\d+)\n", first)
        if not match:
            return f"expected 'listening on tcp://127.0.0.1:PORT', got {first!r}"
        port = int(match.group(1))
        # Keep the pipe drained so the server can never block on a full stdout.
        threading.Thread(target=proc.stdout.read, daemon=True).start()
        with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as conn:
            conn.sendall(b"hello, embed\nsecond line\n")
            reply = b""
            while reply.count(b"\n") < 2:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                reply += chunk
        if reply != b"HELLO, EMBED\nSECOND LINE\n":
            return f"unexpected reply {reply!r}"
        proc.send_signal(stop_signal)
        status = proc.wait(timeout=TIMEOUT)
        if status != 0:
            return f"exit status {status} after {stop_signal.name}"
        return None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    failures = 0
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        problem = run_once(sys.argv[1], stop_signal)
        print(f"{stop_signal.name}: {problem or 'ok'}")
        failures += problem is not None
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
