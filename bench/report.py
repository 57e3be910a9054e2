"""The printed table, the targets with PASS/MISS, and bench/results/latest.json."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ceiling import Ceiling
from load import LoadResult
from scenarios import BASELINE, INCIDENT_NAMES

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
# (what, scenario, measure, bound): rps must reach the bound; p99 must stay below it.
# A bound naming a scenario is that scenario's measured req/s.
TARGETS: tuple[tuple[str, str, str, float | str], ...] = (
    ("create writes/s", "create", "rps", 1500.0),
    ("update writes/s", "update", "rps", 1500.0),
    ("get-item reads/s", "get-item", "rps", 2000.0),
    *((f"{s} p99 ms", s, "p99_ms", 50.0) for s in ("create", "update", "get-item", "get-list")),
    ("incident-create writes/s", "incident-create", "rps", BASELINE),
    ("incident-get reads/s", "incident-get", "rps", 2000.0),
    ("incident-list reads/s", "incident-list", "rps", 2000.0),
    *((f"{s} p99 ms", s, "p99_ms", 50.0) for s in INCIDENT_NAMES),
)
_W = 16  # scenario column
_HEAD = f"{'scenario':<{_W}} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}   CPU%: "
_HEAD += "machine server postgres loadgen steal other"


def table(results: list[LoadResult]) -> list[str]:
    """One line per scenario, CPU shares included (server etc. in % of one core)."""
    lines = [_HEAD, "-" * len(_HEAD)]
    for r in results:
        cpu = r.cpu
        lines.append(
            f"{r.scenario:<{_W}} {r.rps:>9.0f} {r.p50_ms:>8.1f} {r.p99_ms:>8.1f} {r.errors:>7}"
            f"         {cpu.get('machine_busy_pct', 0):>7.0f} {cpu.get('server_pct', 0):>6.0f}"
            f" {cpu.get('postgres_pct', 0):>8.0f} {cpu.get('loadgen_pct', 0):>7.0f}"
            f" {cpu.get('steal_pct', 0):>5.0f} {cpu.get('other_pct', 0):>5.0f}"
        )
    return lines


def ceiling_lines(ceilings: list[Ceiling]) -> list[str]:
    """The pgbench lines."""
    return [
        f"pgbench ceiling, single-row INSERT per transaction, {c.clients:>2} client(s): "
        f"{c.tps:>8.0f} tps ({c.seconds} s)"
        for c in ceilings
    ]


def check_targets(results: list[LoadResult]) -> list[dict[str, Any]]:
    """Each target with the measured value and whether it passed."""
    by_name = {r.scenario: r for r in results}
    checks = []
    for what, scenario, measure, named in TARGETS:
        if scenario not in by_name:
            continue  # not run (e.g. a partial run)
        got = getattr(by_name[scenario], measure)
        bound = by_name[named].rps if isinstance(named, str) and named in by_name else named
        if isinstance(bound, str):
            checks.append({"target": what, "bound": None, "value": got, "pass": False})
            continue
        ok = got >= bound if measure == "rps" else got < bound
        check = {"target": what, "bound": bound, "value": got, "pass": ok}
        checks.append({**check, "boundFrom": named} if isinstance(named, str) else check)
    return checks


def target_lines(checks: list[dict[str, Any]]) -> list[str]:
    """'PASS'/'MISS' per target."""
    lines = []
    for c in checks:
        sign = ">=" if "/s" in c["target"] else "<"
        bound = "n/a" if c["bound"] is None else f"{c['bound']:.0f}"
        source = f" ({c['boundFrom']})" if "boundFrom" in c else ""
        mark = "PASS" if c["pass"] else "MISS"
        lines.append(f"  [{mark}] {c['target']:<26} {sign} {bound:>6}{source}: {c['value']:.1f}")
    return lines


def baseline_lines(results: list[LoadResult]) -> list[str]:
    """incident-create beside the plain CRUD baseline."""
    by_name = {r.scenario: r for r in results}
    ours, base = by_name.get("incident-create"), by_name.get(BASELINE)
    if ours is None or base is None:
        return []
    ratio = ours.rps / base.rps if base.rps else 0.0
    return [
        "incident-create vs plain CRUD (FastAPI + one INSERT per request, same stack):",
        f"  req/s {ours.rps:.0f} vs {base.rps:.0f} ({ratio:.2f}x); "
        f"p50 {ours.p50_ms:.1f} vs {base.p50_ms:.1f} ms; "
        f"p99 {ours.p99_ms:.1f} vs {base.p99_ms:.1f} ms",
    ]


def error_lines(results: list[LoadResult]) -> list[str]:
    """A loud banner when any request failed; empty otherwise."""
    bad = [r for r in results if r.errors]
    if not bad:
        return []
    lines = ["!" * 78, "!!! ERRORS: some requests failed; the numbers above are NOT trustworthy."]
    for r in bad:
        lines.append(
            f"!!! {r.scenario}: {r.non2xx} non-2xx, {r.socket_errors} socket errors/timeouts; "
            f"first: {r.error_sample[:200]}"
        )
    return [*lines, "!" * 78]


def write_json(meta: dict[str, Any], results: list[LoadResult], ceilings: list[Ceiling]) -> Path:
    """bench/results/latest.json with everything printed and a bit more."""
    payload = {
        **meta,
        "scenarios": [{**asdict(r), "rps": r.rps, "errors": r.errors} for r in results],
        "pgbench": [asdict(c) for c in ceilings],
        "targets": check_targets(results),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n")
    return RESULTS
