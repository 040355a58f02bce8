"""Fetches URL with urllib and prints "STATUS CONTENT-TYPE LENGTH SHA256" (errors too:
urllib raises HTTPError for them, which carries the same).

usage: fetch.py URL
"""
import hashlib
import sys
import urllib.error
import urllib.request


def main():
    try:
        response = urllib.request.urlopen(sys.argv[1], timeout=20)
    except urllib.error.HTTPError as e:
        response = e
    with response:
        body = response.read()
    print(response.status, response.headers.get("Content-Type"), len(body),
          hashlib.sha256(body).hexdigest())


if __name__ == "__main__":
    main()
