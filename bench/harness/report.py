"""Markdown tables from the benchmark's result lines: medians over repeats, ratios against
each scenario's reference and the Python peers, and the issue's targets met or missed."""
import statistics

from scenarios import SCENARIOS
from servers import HTTP_PEERS, SERVERS


def _median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


def _fmt(value, digits=1):
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def _ratio(a, b):
    return a / b if a is not None and b else None


def _peer(scenario, key):
    peer = HTTP_PEERS.get(key) if scenario.transport == "http" else SERVERS[key].peer
    return peer if peer in scenario.servers else None


def summarise(results):
    """{scenario: {server: medians}} over the result lines."""
    out = {}
    for r in results:
        if "failed" in r:
            continue
        out.setdefault(r["scenario"], {}).setdefault(r["server"], []).append(r)
    summary = {}
    for scenario, servers in out.items():
        summary[scenario] = {}
        for server, rows in servers.items():
            m = {k: _median(rows, k) for k in (
                "rate", "p50_us", "p99_us", "cpu_us_per_op", "server_cpu_pct", "load_cpu_pct",
                "rss_per_conn", "rss_before", "rss_hold", "opened", "answered")}
            m["runs"] = len(rows)
            m["errors"] = sum(r.get("errors") or 0 for r in rows)
            m["metric"] = m["rss_per_conn"] if scenario == "idle" else m["cpu_us_per_op"]
            summary[scenario][server] = m
    return summary


def _throughput_table(scenario, rows):
    ref = rows.get(scenario.reference, {}).get("metric")
    lines = ["| server | runs | ops/s | p50 µs | p99 µs | errors | server CPU µs/op | "
             "÷ reference | Python peer ÷ this | server CPU % | load CPU % |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for key in scenario.servers:
        m = rows.get(key)
        if not m:
            continue
        peer = _peer(scenario, key)
        peer_ratio = _ratio(rows.get(peer, {}).get("metric"), m["metric"]) if peer else None
        lines.append(
            f"| {key} | {m['runs']} | {_fmt(m['rate'], 0)} | {_fmt(m['p50_us'])} | "
            f"{_fmt(m['p99_us'])} | {m['errors']} | {_fmt(m['cpu_us_per_op'], 2)} | "
            f"{_fmt(_ratio(m['metric'], ref), 2)} | "
            f"{_fmt(peer_ratio) + ' (' + peer + ')' if peer_ratio else '–'} | "
            f"{_fmt(m['server_cpu_pct'], 0)} | {_fmt(m['load_cpu_pct'], 0)} |")
    return lines


def _idle_table(scenario, rows):
    ref = rows.get(scenario.reference, {}).get("metric")
    lines = ["| server | runs | opened | answered | RSS before MiB | RSS held MiB | "
             "RSS KiB/connection | ÷ reference |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for key in scenario.servers:
        m = rows.get(key)
        if not m:
            continue
        mib = lambda v: v / 2**20 if v is not None else None  # noqa: E731
        lines.append(
            f"| {key} | {m['runs']} | {_fmt(m['opened'], 0)} | {_fmt(m['answered'], 0)} | "
            f"{_fmt(mib(m['rss_before']))} | {_fmt(mib(m['rss_hold']))} | "
            f"{_fmt(m['metric'] / 1024 if m['metric'] is not None else None, 2)} | "
            f"{_fmt(_ratio(m['metric'], ref), 2)} |")
    return lines


def _targets(summary):
    lines = ["| scenario | server | compared with | limit | measured | met | reachable ¹ |",
             "|---|---|---|---:|---:|---|---:|"]
    for s in SCENARIOS:
        if s.key not in summary:
            continue
        rows = summary[s.key]
        metric = lambda server: rows.get(server, {}).get("metric")  # noqa: E731
        checks = [(a, b, f"≤ {limit}×", limit, False) for a, b, limit in s.targets]
        checks += [(k, _peer(s, k), "≥ 10× less CPU/op", 10.0, True) for k in s.servers
                   if k.startswith("sockserv-") and _peer(s, k)]
        for server, other, text, limit, inverse in checks:
            mine, theirs = metric(server), metric(other)
            ratio = _ratio(theirs, mine) if inverse else _ratio(mine, theirs)
            met = "–" if ratio is None else ("yes" if (ratio >= limit if inverse else
                                                       ratio <= limit) else "**no**")
            reachable = _fmt(_ratio(theirs, metric(s.floor)), 2) if inverse else "–"
            lines.append(f"| {s.key} | {server} | {other} | {text} | {_fmt(ratio, 2)} | {met} "
                         f"| {reachable} |")
        if s.key == "idle" and "sockserv-coroutine" in rows:
            m = rows["sockserv-coroutine"]
            kib = m["metric"] / 1024 if m["metric"] is not None else None
            ok = kib is not None and kib <= 8 and m["answered"] == s.load["connections"]
            lines.append(f"| idle | sockserv-coroutine | (absolute) | ≤ 8 KiB/conn, all answered "
                         f"| {_fmt(kib, 2)} KiB, {_fmt(m['answered'], 0)} answered | "
                         f"{'yes' if ok else '**no**'} | – |")
    lines += ["", "¹ For the ≥ 10× rows: the Python peer's CPU per operation over the minimal "
              "server's (epoll-echo, or epoll-http for HTTP), which does nothing but the system "
              "calls: the most any server could reach in this scenario on this machine. Under "
              "10, the target cannot be met here."]
    return lines


def render(results, header):
    summary = summarise(results)
    out = [header, ""]
    for s in SCENARIOS:
        if s.key not in summary:
            continue
        out += [f"### {s.key}: {s.title}", ""]
        table = _idle_table if s.key == "idle" else _throughput_table
        out += table(s, summary[s.key]) + [""]
        out += [f"Reference: {s.reference}." + (f" {s.note}" if s.note else ""), ""]
    out += ["### Targets (ratios of medians in this run)", ""] + _targets(summary) + [""]
    failed = [r for r in results if "failed" in r]
    if failed:
        out += ["### Runs that failed", ""]
        out += [f"- {r['scenario']} {r['server']} (repeat {r['repeat']}): {r['failed']}"
                for r in failed] + [""]
    return "\n".join(out)
