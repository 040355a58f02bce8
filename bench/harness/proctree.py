"""CPU time and memory of a server's whole process tree, read from /proc.

A server is the process the benchmark started and every live descendant (a supervisor and
its workers, a forking server's children). Its CPU time is the sum over that tree of
utime + stime (all threads) + cutime + cstime: children that exited and were reaped left
their time in their parent's cutime/cstime, so forked-and-gone children are counted."""
import os

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid):
    """The fields after the command name of /proc/PID/stat, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            text = f.read().decode("ascii", "replace")
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def tree(root):
    """The stat fields of root and each of its live descendants, by PID."""
    stats, children = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat(int(name))
            if fields:
                stats[int(name)] = fields
                children.setdefault(int(fields[1]), []).append(int(name))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found[pid] = stats[pid]
            todo.extend(children.get(pid, []))
    return found


def cpu_seconds(root):
    """User + system CPU seconds of the tree, reaped children included."""
    ticks = sum(int(f[11]) + int(f[12]) + int(f[13]) + int(f[14]) for f in tree(root).values())
    return ticks / TICK


def rss_bytes(root):
    """Resident memory of the tree (a page shared by two processes counts twice)."""
    return sum(int(f[21]) for f in tree(root).values()) * PAGE


def processes(root):
    """How many processes the tree has."""
    return len(tree(root))
