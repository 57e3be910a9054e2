"""`make bench`: HTTP throughput and latency of incident-ledger on PostgreSQL.

Creates a scratch database, measures the raw INSERT ceiling with pgbench, seeds
100,000 incidents in-process, serves the API and a plain CRUD baseline (FastAPI
plus one INSERT) on loopback, drives each scenario with 32 connections, prints
a table with the targets and writes bench/results/latest.json. Everything it
starts or creates is stopped or dropped again, also on failure. Exit code 1 when
any request failed. Settings: BENCH_SECONDS (10), BENCH_WORKERS (the CPU count:
one server process per core), BENCH_CONNECTIONS (32), BENCH_PG_SECONDS (5),
BENCH_INCIDENTS (100000), BENCH_LOADGEN=python (skip wrk), TEST_DATABASE_URL
(the Postgres server to use).
"""

from __future__ import annotations

import os
import platform
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

import baseline_app
import ceiling
import cpuwatch
import report
import seed
import stack
from load import LoadResult, Target, find_wrk, run_scenario
from scenarios import BASELINE_SCENARIO, SCENARIOS, Scenario, incident_scenarios

SEED_STATES = 200
CEILING_CLIENTS = (1, 32)
BUSY_WARNING_PCT = 20.0


@dataclass(frozen=True)
class Config:
    """The knobs, from the environment."""

    seconds: int
    workers: int
    connections: int
    pg_seconds: int
    incidents: int


def config() -> Config:
    """Config from BENCH_* variables, with the defaults."""

    def num(name: str, default: int) -> int:
        value = int(os.environ.get(name, "").strip() or default)
        if value < 1:
            raise ValueError(f"{name} must be a positive integer")
        return value

    return Config(
        seconds=num("BENCH_SECONDS", 10),
        workers=num("BENCH_WORKERS", os.cpu_count() or 1),
        connections=num("BENCH_CONNECTIONS", 32),
        pg_seconds=num("BENCH_PG_SECONDS", 5),
        incidents=num("BENCH_INCIDENTS", 100_000),
    )


def main() -> int:
    """Run the whole benchmark; the process exit code."""
    signal.signal(signal.SIGTERM, _exit_on_signal)  # so cleanup runs on `kill` too
    cfg = config()
    wrk = find_wrk()
    _warn_if_busy()
    print(f"load generator: {wrk or 'python (httpx, asyncio)'}", flush=True)
    with (
        tempfile.TemporaryDirectory(prefix="il-bench-") as tmp,
        stack.scratch_database(stack.admin_url()) as url,
    ):
        print(f"scratch database: {url}", flush=True)
        return _bench(cfg, wrk, url, Path(tmp))


def _warn_if_busy() -> None:
    busy = cpuwatch.busy_now()
    print(f"machine busy before start: {busy:.0f}% of all CPUs", flush=True)
    if busy > BUSY_WARNING_PCT:
        print(
            f"WARNING: something else is using {busy:.0f}% of the CPUs; it competes with the "
            "server, postgres and the load generator (see the 'other' CPU column).",
            flush=True,
        )


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    sys.exit(128 + signum)


def _bench(cfg: Config, wrk: str | None, url: str, workdir: Path) -> int:
    settings = ceiling.server_settings(url)
    print(f"pgbench ceiling: {cfg.pg_seconds} s per client count {CEILING_CLIENTS}", flush=True)
    ceilings = ceiling.measure(url, workdir, cfg.pg_seconds, CEILING_CLIENTS)
    seeded = _seed(cfg, url)
    baseline_app.create_table(url)
    results = _serve_and_load(cfg, wrk, url, workdir, seeded)
    meta = _meta(cfg, wrk, settings, seeded)
    return _report(meta, results, ceilings)


def _seed(cfg: Config, url: str) -> seed.Seeded:
    print(f"seeding {cfg.incidents} incidents in-process, {seed.THREADS} threads", flush=True)
    seeded = seed.seed_incidents(url, cfg.incidents, partial(cpuwatch.snapshot, None, _dbname(url)))
    cpu = seeded.cpu
    print(
        f"seeded {seeded.count} incidents in {seeded.seconds:.1f} s ({seeded.rate:.0f}/s), "
        f"then {seeded.comments} comments; "
        f"CPU% machine {cpu['machine_busy_pct']:.0f} (of all), bench process "
        f"{cpu['loadgen_pct']:.0f}, postgres {cpu['postgres_pct']:.0f}, "
        f"steal {cpu['steal_pct']:.0f}, other {cpu['other_pct']:.0f} (of one core)",
        flush=True,
    )
    print(f"VACUUM (ANALYZE) and CHECKPOINT after seeding: {seed.settle(url):.1f} s", flush=True)
    return seeded


def _dbname(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _serve_and_load(
    cfg: Config, wrk: str | None, url: str, workdir: Path, seeded: seed.Seeded
) -> list[LoadResult]:
    """Both servers up; the state scenarios, the baseline, then the incident scenarios."""
    env = {**os.environ, "DATABASE_URL": url}
    key = stack.owner_key(env)
    port, baseline_port = _two_ports()
    log, baseline_log = workdir / "server.log", workdir / "baseline.log"
    with (
        stack.server(env, port, cfg.workers, log) as proc,
        stack.baseline_server(url, baseline_port, cfg.workers, baseline_log) as baseline,
    ):
        base, baseline_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{baseline_port}"
        stack.wait_ready(proc, base, key, log)
        stack.wait_ready(baseline, baseline_base, key, baseline_log, ("GET", "/health"))
        tag = secrets.token_hex(3)
        states = stack.seed_states(base, key, tag, SEED_STATES)
        target = Target(base, key, {"states": states}, tag, cfg.connections, cfg.seconds)
        sample = partial(cpuwatch.snapshot, proc.pid, _dbname(url))
        results = [_measured(wrk, sc, target, workdir, sample, url) for sc in SCENARIOS]
        at_baseline = replace(target, base_url=baseline_base)
        baseline_sample = partial(cpuwatch.snapshot, baseline.pid, _dbname(url))
        results.append(
            _measured(wrk, BASELINE_SCENARIO, at_baseline, workdir, baseline_sample, url)
        )
        pools = {"pool": seeded.pool, "spread": seeded.spread}
        incidents = replace(target, api_key=seeded.api_key, ids=pools)
        scenarios = incident_scenarios(seeded.scope, seeded.service)
        results += [_measured(wrk, sc, incidents, workdir, sample, url) for sc in scenarios]
    return results


def _two_ports() -> tuple[int, int]:
    first = stack.free_port()
    second = stack.free_port()
    while second == first:
        second = stack.free_port()
    return first, second


def _measured(
    wrk: str | None,
    sc: Scenario,
    target: Target,
    workdir: Path,
    sample: Callable[[], cpuwatch.Snapshot],
    url: str,
) -> LoadResult:
    print(f"{sc.name}: {target.seconds} s with {target.connections} connections", flush=True)
    before = sample()
    started = time.monotonic()
    result = run_scenario(wrk, sc, target, workdir)
    elapsed = time.monotonic() - started
    result.cpu = cpuwatch.usage(before, sample(), elapsed)
    if sc.write:
        print(f"  ANALYZE after the writes: {seed.analyze(url):.1f} s", flush=True)
    return result


def _meta(
    cfg: Config,
    wrk: str | None,
    settings: dict[str, str],
    seeded: seed.Seeded,
) -> dict[str, Any]:
    return {
        "finishedAt": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": asdict(cfg),
        "loadGenerator": "wrk" if wrk else "python",
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "postgres": settings,
        "seedStates": SEED_STATES,
        "baselinePoolSize": stack.service_pool_size(),
        "seedIncidents": {
            "count": seeded.count,
            "comments": seeded.comments,
            "seconds": seeded.seconds,
            "perSecond": seeded.rate,
            "threads": seed.THREADS,
            "pool": len(seeded.pool),
            "spread": len(seeded.spread),
            "cpu": seeded.cpu,
        },
    }


def _report(
    meta: dict[str, Any], results: list[LoadResult], ceilings: list[ceiling.Ceiling]
) -> int:
    cfg = meta["config"]
    print(
        f"\nincident-ledger, {cfg['workers']} worker(s), {cfg['connections']} connections, "
        f"{cfg['seconds']} s per scenario, load by {meta['loadGenerator']}, "
        f"{meta['machine']['cpus']} CPUs, {meta['seedIncidents']['count']} incidents stored "
        "(server/postgres/loadgen CPU in % of one core)\n"
    )
    lines = [*report.table(results), "", *report.baseline_lines(results), ""]
    lines += [*report.ceiling_lines(ceilings), "", "targets:"]
    lines += report.target_lines(report.check_targets(results))
    errors = report.error_lines(results)
    print("\n".join([*lines, *errors]))
    print(f"\nresults: {report.write_json(meta, results, ceilings)}", flush=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
