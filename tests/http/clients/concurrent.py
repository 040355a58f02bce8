"""N clients at once, each on its own connection (urllib), fetch PATH and check its SHA-256.
Prints: "ok=K failed=F" and one line per failure.

usage: concurrent.py URL N SHA256
"""
import hashlib
import sys
import threading
import urllib.request


def main():
    url, count, expected = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    start = threading.Barrier(count)
    results = [None] * count

    def fetch(i):
        try:
            start.wait(timeout=20)  # all connect together
            with urllib.request.urlopen(url, timeout=20) as response:
                digest = hashlib.sha256(response.read()).hexdigest()
            results[i] = "ok" if digest == expected else f"bad digest {digest}"
        except Exception as e:  # reported, not raised: the summary says what failed
            results[i] = f"error {e!r}"

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failures = [r for r in results if r != "ok"]
    print(f"ok={count - len(failures)} failed={len(failures)}")
    for f in failures:
        print(f)


if __name__ == "__main__":
    main()
