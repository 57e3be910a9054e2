"""CPU use during a scenario, from /proc: the whole machine and who used it.

Groups: server (its process group), postgres (our database's backends and the
shared background processes), loadgen (this process and its reaped children,
i.e. wrk), other (everything else: e.g. other databases' clients and tests).
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")
_CPUS = os.cpu_count() or 1


@dataclass(frozen=True)
class Snapshot:
    """Cumulative CPU: machine busy/total ticks, and seconds per group."""

    busy: int
    total: int
    groups: dict[str, float]
    steal: int = 0  # ticks the hypervisor ran someone else while this machine wanted a core


def snapshot(server_pgid: int | None, dbname: str) -> Snapshot:
    """CPU used so far, by group."""
    groups = {"server": 0.0, "postgres": 0.0, "loadgen": _own_seconds()}
    for stat in _PROC.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            group = _group(text, stat.parent, server_pgid, dbname)
        except OSError:  # the process ended meanwhile
            continue
        if group:
            fields = text.rsplit(")", 1)[1].split()
            groups[group] += (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    busy, total, steal = _machine()
    return Snapshot(busy, total, groups, steal)


def _group(stat: str, proc: Path, server_pgid: int | None, dbname: str) -> str | None:
    comm = stat[stat.index("(") + 1 : stat.rindex(")")]
    pgrp = int(stat.rsplit(")", 1)[1].split()[2])
    if server_pgid is not None and pgrp == server_pgid:
        return "server"
    if comm != "postgres":
        return None
    title = (proc / "cmdline").read_bytes().decode(errors="replace")
    client_backend = "(" in title or "[local]" in title
    return "postgres" if not client_backend or f" {dbname} " in title else None


def _own_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _machine() -> tuple[int, int, int]:
    values = [int(v) for v in (_PROC / "stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values[:8]) - idle, sum(values[:8]), values[7]


def usage(before: Snapshot, after: Snapshot, seconds: float) -> dict[str, float]:
    """Machine busy % (of all cores, steal included); each group's and the
    hypervisor's steal in % of one core; 'other' the rest (e.g. interrupts)."""
    ticks = max(after.total - before.total, 1)
    busy = 100.0 * (after.busy - before.busy) / ticks
    out = {"machine_busy_pct": busy}
    for name, used in after.groups.items():
        out[f"{name}_pct"] = 100.0 * (used - before.groups.get(name, 0.0)) / max(seconds, 1e-9)
    out["steal_pct"] = 100.0 * _CPUS * (after.steal - before.steal) / ticks
    known = sum(v for k, v in out.items() if k != "machine_busy_pct")
    out["other_pct"] = max(busy * _CPUS - known, 0.0)
    return out


def busy_now(seconds: float = 1.0) -> float:
    """Machine busy % over a short sample, before the benchmark starts."""
    before = _machine()
    time.sleep(seconds)
    after = _machine()
    return 100.0 * (after[0] - before[0]) / max(after[1] - before[1], 1)
