"""The load of each scenario: the command that makes it, and what it reported, as a dict
with the same keys for every tool: ops, elapsed_s, rate, p50_us, p99_us, errors."""
import json
import re


def command(load, port, duration, ctx):
    """argv for a load description such as {"tool": "tcp", "connections": 64, "size": 64}.
    wrk takes whole seconds only: the duration is rounded, at least 1 s."""
    tool = load["tool"]
    if tool == "wrk":
        argv = ["wrk", "-t1", f"-c{load['connections']}", f"-d{max(1, round(duration))}s", "--timeout", "5s",
                "--latency"]
        if load.get("close"):
            argv += ["-H", "Connection: close"]
        return argv + [f"http://127.0.0.1:{port}/{load['file']}"]
    argv = [ctx.bin("sockserv-load"), tool, "--port", str(port)]
    for name, value in load.items():
        if name != "tool":
            argv += [f"--{name}", str(value)]
    if tool == "idle":
        argv += ["--ready-file", ctx.path("idle.ready")]
    else:
        argv += ["--duration", str(duration)]
    return argv


def parse(load, stdout):
    if load["tool"] == "wrk":
        return parse_wrk(stdout, bool(load.get("close")))
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"sockserv-load printed no result: {stdout!r}")
    r = json.loads(lines[-1])
    r["ops"] = r.get("messages", r.get("answered", 0))
    if "rate" not in r:
        r["rate"] = 0.0
    if "elapsed_s" not in r:
        r["elapsed_s"] = 0.0
    return r


_UNIT = {"us": 1.0, "ms": 1e3, "s": 1e6}


def _micros(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text)
    return float(m.group(1)) * _UNIT[m.group(2)] if m else None


def parse_wrk(out, close=False):
    """The figures of `wrk --latency` output."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", out)
    if not done:
        raise RuntimeError(f"wrk printed no result: {out[:300]!r}")
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[done.group(3)]
    r = {"tool": "wrk", "ops": int(done.group(1)), "elapsed_s": float(done.group(2)) * scale}
    r["rate"] = r["ops"] / r["elapsed_s"] if r["elapsed_s"] else 0.0
    for pct, key in (("50", "p50_us"), ("99", "p99_us")):
        m = re.search(rf"^\s+{pct}%\s+(\S+)", out, re.M)
        r[key] = _micros(m.group(1)) if m else None
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    r["non_2xx"] = int(bad.group(1)) if bad else 0
    # With "Connection: close" wrk may count the server's close after an answer as a read
    # error; only timeouts, connect and write errors and bad statuses are failures then.
    connect, read, write, timeout = map(int, errors.groups()) if errors else (0, 0, 0, 0)
    r["errors"] = connect + write + timeout + r["non_2xx"] + (0 if close else read)
    return r
