"""The ceiling: Postgres' raw single-row INSERT commit rate, measured with pgbench."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psycopg

_SCRIPT = "\\set v random(1, 1000000000)\nINSERT INTO bench_raw(v) VALUES (:v);\n"
_TPS = re.compile(r"^tps = ([0-9.]+)", re.MULTILINE)


@dataclass(frozen=True)
class Ceiling:
    """One pgbench run: clients and the commits per second it reached."""

    clients: int
    seconds: int
    tps: float


def server_settings(url: str) -> dict[str, str]:
    """The Postgres settings that bound the commit rate."""
    names = ("server_version", "synchronous_commit", "fsync", "wal_sync_method", "max_connections")
    settings = {}
    with psycopg.connect(url) as conn:
        for name in names:
            row = conn.execute(f"SHOW {name}").fetchone()
            settings[name] = str(row[0]) if row else "?"
    return settings


def measure(url: str, workdir: Path, seconds: int, clients: tuple[int, ...]) -> list[Ceiling]:
    """pgbench single-row INSERT transactions into a fresh bench_raw, per client count."""
    pgbench = shutil.which("pgbench") or "/usr/bin/pgbench"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_raw (id bigserial PRIMARY KEY, v bigint NOT NULL)")
    script = workdir / "insert.sql"
    script.write_text(_SCRIPT)
    return [_run(pgbench, url, script, seconds, n) for n in clients]


def _run(pgbench: str, url: str, script: Path, seconds: int, clients: int) -> Ceiling:
    cmd = [pgbench, "-n", "-f", str(script), "-T", str(seconds), "-c", str(clients)]
    cmd += ["-j", str(min(clients, 2)), url]
    done = subprocess.run(  # noqa: S603 - pgbench with our own arguments
        cmd, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    found = _TPS.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"pgbench -c {clients} failed:\n{done.stdout}\n{done.stderr}")
    return Ceiling(clients, seconds, float(found.group(1)))
