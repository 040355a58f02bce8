"""Runs the benchmark (bench/run.sh is the way in): every scenario x server, repeats
interleaved, the server pinned to one core and the load to the other; prints a markdown
report and writes one JSON line per run. See docs/benchmarks.md."""
import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import loads
import proctree
import report
from scenarios import BY_KEY, SCENARIOS
from servers import Running

SERVER_CPU, LOAD_CPU = 1, 0


class Context:
    """Where the binaries are, and a temporary folder for configs, logs and served files."""

    def __init__(self, build):
        self.build = os.path.abspath(build)
        self.temp = tempfile.mkdtemp(prefix="sockserv-bench-")
        os.chmod(self.temp, 0o755)  # nginx's worker (nobody) reads the files below
        self.www = self.path("www")
        os.mkdir(self.www)
        text = "<!doctype html><title>bench</title><p>" + "sockserv benchmark page. " * 40
        with open(os.path.join(self.www, "small.html"), "w") as f:
            f.write(text[:596] + "</p>\n")  # 600 bytes
        with open(os.path.join(self.www, "large.bin"), "wb") as f:
            f.write(bytes(range(256)) * 4096)  # 1 MiB
        self.served_file = os.path.join(self.www, "small.html")

    def bin(self, name):
        return os.path.join(self.build, "bin", name)

    def path(self, name):
        return os.path.join(self.temp, name)


def settle(pid, limit=3.0):
    """The tree's CPU seconds once they stop growing (closes and exits finished)."""
    last, deadline = proctree.cpu_seconds(pid), time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = proctree.cpu_seconds(pid)
        if now == last:
            break
        last = now
    return last


def run_load(argv, timeout, on_ready=None, ready_file=None):
    """Runs the load pinned to its core; returns (stdout, its CPU seconds, wall seconds)."""
    start = time.monotonic()
    p = subprocess.Popen(["taskset", "-c", str(LOAD_CPU)] + argv, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    try:
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if ready_file and on_ready and os.path.exists(ready_file):
                on_ready()
                on_ready = None
            if time.monotonic() - start > timeout:
                p.kill()
            time.sleep(0.02)
        p.returncode = os.waitstatus_to_exitcode(status)
        return p.stdout.read(), usage.ru_utime + usage.ru_stime, time.monotonic() - start
    finally:
        if p.returncode is None:
            p.kill()
            p.wait()


def measure(scenario, key, repeat, ctx, duration):
    load = dict(scenario.load)
    if load["tool"] == "idle":
        load["hold"] = duration
    if "file" in load:  # the epoll HTTP reference serves exactly this file
        ctx.served_file = os.path.join(ctx.www, load["file"])
    server = Running(key, scenario.transport, ctx, SERVER_CPU)
    record = {"scenario": scenario.key, "server": key, "repeat": repeat,
              "duration_s": duration, "loadavg_1m": os.getloadavg()[0]}
    try:
        server.wait_ready()
        cpu_before = settle(server.pid)
        record["rss_before"] = proctree.rss_bytes(server.pid)
        ready = ctx.path("idle.ready")
        if os.path.exists(ready):
            os.remove(ready)

        def sample():
            record["rss_hold"] = proctree.rss_bytes(server.pid)
            record["processes"] = proctree.processes(server.pid)

        out, load_cpu, wall = run_load(loads.command(load, server.port, duration, ctx),
                                       duration + 90, sample, ready)
        record["server_cpu_s"] = settle(server.pid) - cpu_before
        record["alive"] = server.process.poll() is None
    finally:
        server.stop()
    record.update(loads.parse(load, out))
    record["load_cpu_s"] = load_cpu
    elapsed = record.get("elapsed_s") or wall
    record["server_cpu_pct"] = 100 * record["server_cpu_s"] / elapsed
    record["load_cpu_pct"] = 100 * load_cpu / elapsed
    ops = record["ops"]
    record["cpu_us_per_op"] = 1e6 * record["server_cpu_s"] / ops if ops else None
    if "rss_hold" in record and record.get("opened"):
        record["rss_per_conn"] = (record["rss_hold"] - record["rss_before"]) / record["opened"]
    return record


def progress(r):
    if "failed" in r:
        return "failed"
    if "rss_per_conn" in r:
        return (f"{r['answered']} of {r['connections']} answered, "
                f"{r['rss_per_conn'] / 1024:.2f} KiB RSS/connection")
    return (f"{r['rate']:.0f} ops/s, {r.get('cpu_us_per_op') or 0:.2f} µs CPU/op, "
            f"{r['errors']} errors")


def machine():
    cpu = "unknown CPU"
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}"


def fork_floor(ctx):
    """CPU µs of a bare fork + _exit + waitpid on the server's core: what no forking server
    can go under here (sockserv-fork-cost; "" if it is not built)."""
    tool = ctx.bin("sockserv-fork-cost")
    if not os.path.exists(tool):
        return ""
    out = subprocess.run(["taskset", "-c", str(SERVER_CPU), tool, "500"], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    return (f" A bare fork + exit + wait costs {json.loads(out)['cpu_us_per_fork']:.0f} µs "
            f"of CPU on the server's core (sockserv-fork-cost): the floor under every "
            f"forking server's CPU/op.")


def options():
    p = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__)
    p.add_argument("--quick", action="store_true", help="1 s runs, 1 repeat (development)")
    p.add_argument("--only", help="comma-separated scenarios: " +
                   ", ".join(s.key for s in SCENARIOS))
    p.add_argument("--servers", help="comma-separated servers to run (default: all of each)")
    p.add_argument("--repeats", type=int, help="runs of each scenario x server (default 3)")
    p.add_argument("--duration", type=float, help="seconds of load per run (default 5)")
    p.add_argument("--build", default="build", help="the build folder (default build)")
    p.add_argument("--results", help="JSON lines file (default build/bench/results-TIME.jsonl)")
    a = p.parse_args()
    a.repeats = a.repeats or (1 if a.quick else 3)
    a.duration = a.duration or (1.0 if a.quick else 5.0)
    wanted = a.only.split(",") if a.only else [s.key for s in SCENARIOS]
    unknown = [k for k in wanted if k not in BY_KEY]
    if unknown:
        p.error(f"unknown scenario {', '.join(unknown)}; valid: {', '.join(BY_KEY)}")
    a.scenarios = [BY_KEY[k] for k in wanted]
    a.server_filter = set(a.servers.split(",")) if a.servers else None
    return a


def main():
    a = options()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # unwinds: servers are stopped
    ctx = Context(a.build)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results_path = a.results or os.path.join(a.build, "bench", f"results-{stamp}.jsonl")
    os.makedirs(os.path.dirname(os.path.abspath(results_path)), exist_ok=True)
    plan = [(s, k, r) for r in range(a.repeats) for s in a.scenarios for k in s.servers
            if not a.server_filter or k in a.server_filter]
    results = []
    floor = fork_floor(ctx)
    try:
        with open(results_path, "w") as out:
            for i, (scenario, key, repeat) in enumerate(plan, 1):
                try:
                    record = measure(scenario, key, repeat, ctx, a.duration)
                except RuntimeError as e:  # one server failing does not end the run
                    record = {"scenario": scenario.key, "server": key, "repeat": repeat,
                              "failed": str(e), "rate": 0, "errors": 1}
                    print(f"{scenario.key} {key}: FAILED: {e}", file=sys.stderr, flush=True)
                results.append(record)
                out.write(json.dumps(record) + "\n")
                out.flush()
                print(f"[{i}/{len(plan)}] {scenario.key} {key}: {progress(record)}",
                      file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(ctx.temp, ignore_errors=True)
    loads_seen = [r["loadavg_1m"] for r in results if "loadavg_1m" in r] or [0.0]
    header = (f"## Results {stamp}\n\nMachine: {machine()}. Command: `bench/run.sh "
              f"{' '.join(sys.argv[1:])}`; {a.repeats} repeat(s) of {a.duration:g} s, "
              f"interleaved. 1-minute load average at the runs' starts: "
              f"{min(loads_seen):.1f} to {max(loads_seen):.1f} (2 would be this benchmark "
              f"alone). Raw lines: `{results_path}`.{floor}")
    text = report.render(results, header)
    with open(results_path[:-len(".jsonl")] + ".md" if results_path.endswith(".jsonl")
              else results_path + ".md", "w") as f:
        f.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
