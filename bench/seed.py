"""Seeding the Incident API's store in-process, before the server starts.

100,000 incidents through HTTP would take minutes; through the application's
own services they go as fast as the writer can batch them, so the threads
matter: the writer saves whatever concurrent commands are queued in one
transaction. The incidents live in their own project ("Bench incidents"), so
the incident-state scenarios (which add thousands of states to their project's
catalog) do not change the ladder every incident command loads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import cpuwatch
import psycopg
from scenarios import POOL_NAME, POOL_SEVERITY, POOL_START

from application.access import Principal
from application.services import Services
from infrastructure.wiring import build_services

THREADS = 32
POOL_MAX = 4096  # seeded incidents the update and comment scenarios cycle through
SPREAD_MAX = 10_000  # seeded incidents the get scenario cycles through
COMMENT_EVERY = 10  # one seeded comment on every tenth incident
PROGRESS_S = 15.0
# 20 slots: 10% critical, 20% high, 30% moderate, 25% low, 15% minor.
SEVERITY_CYCLE = (
    ("critical",) * 2 + ("high",) * 4 + ("moderate",) * 6 + ("low",) * 5 + ("minor",) * 3
)
START_SPAN_MIN = 2 * 365 * 24 * 60  # start dates spread over two years
START_END = datetime(2026, 11, 1)


@dataclass(frozen=True)
class Seeded:
    """What the incident scenarios need from the seeding, and how it went."""

    api_key: str
    scope: int
    service: int
    pool: list[str]
    spread: list[str]
    count: int
    comments: int
    seconds: float
    cpu: dict[str, float]  # cpuwatch.usage while creating; "loadgen" is this process

    @property
    def rate(self) -> float:
        """Incidents created per second."""
        return self.count / self.seconds if self.seconds else 0.0


def seed_incidents(url: str, count: int, sample: Callable[[], cpuwatch.Snapshot]) -> Seeded:
    """A project with an owner key, one scope, one service and `count` incidents.

    sample: CPU snapshots, taken while the connections (and their backends) live.
    """
    services = build_services(url)
    try:
        return _seed(services, count, sample)
    finally:
        services.close()


def _seed(services: Services, count: int, sample: Callable[[], cpuwatch.Snapshot]) -> Seeded:
    project = services.projects.create("Bench incidents")
    key = services.projects.issue_key(project.project_id, "owner", [])
    who = services.auth.authenticate(key.api_key)
    scope = int(services.scopes.create(who, {"name": "Bench scope"})["id"])
    service = int(services.services.create(who, {"name": "Bench service"})["id"])
    pool = pool_size(count)
    before, started = sample(), time.monotonic()
    numbers = _create_all(services, who, {"scope": scope, "service": service}, count, pool)
    seconds = time.monotonic() - started
    cpu = cpuwatch.usage(before, sample(), seconds)
    comments = _comment_some(services, who, numbers)
    ordered = [numbers[i] for i in range(count)]
    step = max(count // SPREAD_MAX, 1)
    return Seeded(
        api_key=key.api_key,
        scope=scope,
        service=service,
        pool=[str(n) for n in ordered[:pool]],
        spread=[str(n) for n in ordered[::step][:SPREAD_MAX]],
        count=count,
        comments=comments,
        seconds=seconds,
        cpu=cpu,
    )


def settle(url: str) -> float:
    """VACUUM (ANALYZE) the database, then CHECKPOINT; the seconds it took.

    A store that grew to this size over months has been vacuumed and analysed;
    right after a bulk load it has neither statistics nor a visibility map (no
    index-only scans), and autovacuum would start in the middle of a scenario.
    Nor is it half a gigabyte of WAL (the pgbench ceiling's and the seeding's)
    past its last checkpoint: measured here, that backlog put the first write
    scenarios' p99 at 57-66 ms, against 30 ms with pgbench run for 1 s only.
    """
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        try:
            conn.execute("CHECKPOINT")
        except psycopg.errors.InsufficientPrivilege:  # superuser or pg_checkpoint only
            print("WARNING: no CHECKPOINT after seeding (the role may not); write p99s may suffer")
    return time.monotonic() - started


def analyze(url: str) -> float:
    """ANALYZE the database, as autovacuum would after a scenario's writes; the seconds.

    This machine's Postgres runs with autovacuum = off (its conf.d/90-ci.conf);
    one in service refreshes the statistics of tables that grew by a tenth,
    and the plans the server's connections cached are made again from them.
    """
    started = time.monotonic()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return time.monotonic() - started


def pool_size(count: int) -> int:
    """How many seeded incidents get the pool's values: a tenth, at most POOL_MAX."""
    return max(min(POOL_MAX, count // 10), 1)


def incident_fields(i: int, pool: int) -> dict[str, Any]:
    """The i-th seeded incident: the pool's fixed values, or varied severity and start."""
    if i < pool:
        return {"name": POOL_NAME, "severity": POOL_SEVERITY, "start_impact_date": POOL_START}
    start = START_END - timedelta(minutes=(i * 7919) % START_SPAN_MIN)
    return {
        "name": f"Seeded incident {i}",
        "severity": SEVERITY_CYCLE[i % len(SEVERITY_CYCLE)],
        "start_impact_date": start.strftime("%Y-%m-%dT%H:%M"),
    }


def _create_all(
    services: Services, who: Principal, refs: dict[str, int], count: int, pool: int
) -> dict[int, int]:
    """Create incidents 0..count-1 from THREADS threads; their numbers by index."""
    numbers: dict[int, int] = {}

    def create(i: int) -> None:
        item = services.incidents.create(who, {**refs, **incident_fields(i, pool)})
        numbers[i] = int(item["id"])

    _in_lanes(range(count), create, "incidents")
    return numbers


def _comment_some(services: Services, who: Principal, numbers: dict[int, int]) -> int:
    """One comment on every COMMENT_EVERY-th incident; how many were written.

    A store in service has comments, and statistics on them: planned on an empty
    comments table, the per-incident query would scan the table instead of its index.
    """
    chosen = [numbers[i] for i in range(0, len(numbers), COMMENT_EVERY)]

    def comment(i: int) -> None:
        services.incidents.comment(who, str(chosen[i]), {"comment": f"Seeded comment {i}"})

    _in_lanes(range(len(chosen)), comment, "comments")
    return len(chosen)


def _in_lanes(items: range, work: Callable[[int], None], what: str) -> None:
    """work(i) for every i, from THREADS threads (the writer batches them); the first failure."""
    done = [0]
    failed = threading.Event()

    def lane(first: int) -> None:
        try:
            for i in items[first::THREADS]:
                if failed.is_set():
                    return
                work(i)
                done[0] += 1
        except BaseException:
            failed.set()
            raise

    with ThreadPoolExecutor(THREADS, thread_name_prefix="seed") as pool_exec:
        futures = [pool_exec.submit(lane, t) for t in range(min(THREADS, len(items)))]
        _wait_reporting(futures, done, len(items), what)
    for future in futures:
        future.result()


def _wait_reporting(futures: list[Future[None]], done: list[int], count: int, what: str) -> None:
    started = time.monotonic()
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=PROGRESS_S)
        if pending:
            rate = done[0] / (time.monotonic() - started)
            print(f"  seeded {done[0]}/{count} {what} ({rate:.0f}/s)", flush=True)
