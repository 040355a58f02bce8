"""Sends N GET requests for PATH through one http.client.HTTPConnection and reports how many
TCP connections carried them (http.client reconnects by itself if the server closes).
Prints: "connections=C statuses=S1,S2,... closes=K" where K counts "Connection: close".

usage: keepalive.py HOST PORT N PATH [1.0]    (1.0: HTTP/1.0 with Connection: keep-alive)
"""
import http.client
import sys


def main():
    host, port, count, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    http10 = len(sys.argv) > 5 and sys.argv[5] == "1.0"
    conn = http.client.HTTPConnection(host, port, timeout=10)
    headers = {}
    if http10:
        conn._http_vsn, conn._http_vsn_str = 10, "HTTP/1.0"
        headers["Connection"] = "keep-alive"
    seen, statuses, closes = set(), [], 0
    for _ in range(count):
        conn.request("GET", path, headers=headers)
        seen.add((id(conn.sock), conn.sock.getsockname()))
        response = conn.getresponse()
        response.read()
        statuses.append(str(response.status))
        if (response.getheader("Connection") or "").lower() == "close":
            closes += 1
    conn.close()
    print(f"connections={len(seen)} statuses={','.join(statuses)} closes={closes}")


if __name__ == "__main__":
    main()
