#!/usr/bin/python3
"""Scrapes URL as Prometheus does and checks the text format (version 0.0.4).

Prints every sample as `name{label="value",...} value`, labels sorted, one a line.
Exits 0 if the scrape is valid, 1 with the reason on stderr if it is not, 2 if the
server could not be reached. The parse is prometheus_client's own (the stock client);
the line-by-line checks add what that parser forgives."""
import re
import sys
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
SAMPLE = re.compile(rf"^({NAME})(?:\{{{LABEL}(?:,{LABEL})*\}})? -?[0-9]+(?:\.[0-9]+)?$")
COMMENT = re.compile(rf"^# (HELP|TYPE) ({NAME}) (.+)$")


def fail(why):
    print(why, file=sys.stderr)
    sys.exit(1)


def check_lines(text):
    """Each line parses; each family's HELP and TYPE come before its first sample."""
    described = {}
    if not text.endswith("\n"):
        fail("the exposition does not end with a newline")
    for number, line in enumerate(text[:-1].split("\n"), 1):
        comment = COMMENT.match(line)
        if comment:
            described.setdefault(comment.group(2), set()).add(comment.group(1))
            continue
        sample = SAMPLE.match(line)
        if not sample:
            fail(f"line {number} is not a sample: {line!r}")
        if described.get(sample.group(1)) != {"HELP", "TYPE"}:
            fail(f"line {number}: a sample of {sample.group(1)} before its HELP and TYPE")


def main():
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
            kind = response.headers.get("Content-Type", "")
            text = response.read().decode("utf-8")
    except OSError as e:
        print(f"cannot scrape {sys.argv[1]}: {e}", file=sys.stderr)
        sys.exit(2)
    if not kind.startswith("text/plain; version=0.0.4"):
        fail(f"Content-Type is {kind!r}")
    check_lines(text)
    try:
        families = list(text_string_to_metric_families(text))
    except Exception as e:  # the stock parser refuses it
        fail(f"prometheus_client cannot parse it: {e}")
    for family in families:
        for s in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
            print(f"{s.name}{{{labels}}} {int(s.value)}")


main()
