"""What the benchmark runs against: a scratch database and the incident-ledger server."""

from __future__ import annotations

import inspect
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from load import headers

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
CLI = Path(sys.executable).with_name("incident-ledger")
BENCH_DIR = Path(__file__).resolve().parent
FALLBACK_POOL_SIZE = 16


def admin_url() -> str:
    """The server to create the scratch database on (TEST_DATABASE_URL)."""
    return os.environ.get("TEST_DATABASE_URL", "").strip() or DEFAULT_ADMIN_URL


def with_dbname(url: str, dbname: str) -> str:
    """The same server URL, naming another database."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{dbname}"))


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A fresh database il_bench_<random>, dropped on the way out; yields its URL."""
    name = f"il_bench_{secrets.token_hex(4)}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_dbname(url, name)
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        print(f"dropped database {name}", flush=True)


def cli_json(env: dict[str, str], *args: str) -> dict[str, str]:
    """Run `incident-ledger ARGS --json` and parse its output."""
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(CLI), *args, "--json"], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"incident-ledger {' '.join(args)} failed:\n{done.stderr}")
    parsed: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return parsed


def owner_key(env: dict[str, str]) -> str:
    """A new project 'Bench' and an owner API key for it."""
    project = cli_json(env, "projects", "create", "Bench")
    key = cli_json(env, "keys", "create", "--project", project["projectId"], "--role", "owner")
    return key["apiKey"]


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def server(
    env: dict[str, str], port: int, workers: int, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """`incident-ledger serve` in its own process group, killed (group-wide) on exit."""
    cmd = [str(CLI), "serve", "--port", str(port), "--workers", str(workers)]
    with _process(cmd, env, log) as proc:
        yield proc


def service_pool_size() -> int:
    """The service's read-model pool size (PostgresDatabase's default max_size)."""
    from infrastructure.postgres_db import PostgresDatabase  # noqa: PLC0415 - the service's own

    param = inspect.signature(PostgresDatabase.__init__).parameters.get("max_size")
    default = param.default if param else None
    return default if isinstance(default, int) else FALLBACK_POOL_SIZE


@contextmanager
def baseline_server(
    url: str, port: int, workers: int, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """bench/baseline_app.py under uvicorn with the service's settings (see api/cli.py)."""
    cmd = [sys.executable, "-m", "uvicorn", "baseline_app:create_app", "--factory"]
    cmd += ["--app-dir", str(BENCH_DIR), "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning"]
    env = {
        **os.environ,
        "BASELINE_DATABASE_URL": url,
        "BASELINE_POOL_MAX": str(service_pool_size()),
    }
    with _process(cmd, env, log) as proc:
        yield proc


@contextmanager
def _process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(  # noqa: S603 - our own commands
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield proc
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    _signal_group(proc.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=15)
    _signal_group(proc.pid, signal.SIGKILL)  # whatever still runs, workers included
    proc.wait(timeout=10)


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def wait_ready(
    proc: subprocess.Popen[bytes],
    base: str,
    key: str,
    log: Path,
    probe: tuple[str, str] = ("POST", "/api/incident-state/count"),
) -> None:
    """Poll the probe (method, path) until it answers 200 (60 s at most)."""
    deadline = time.monotonic() + 60
    with httpx.Client(base_url=base, headers=headers(key), timeout=5) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"{proc.args!r} exited with {proc.returncode}:\n{log.read_text()}"
                )
            try:
                if client.request(*probe, content="{}").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise RuntimeError(f"{probe} did not answer within 60 s:\n{log.read_text()}")


def seed_states(base: str, key: str, tag: str, count: int) -> list[str]:
    """Create `count` states through the API; their ids."""
    ids = []
    with httpx.Client(base_url=base, headers=headers(key), timeout=30) as client:
        for i in range(count):
            body = {"data": {"name": f"seed-{tag}-{i}", "color": "#2ecc71"}}
            reply = client.post("/api/incident-state", json=body)
            if reply.status_code != 200:
                raise RuntimeError(f"seeding failed: {reply.status_code} {reply.text}")
            ids.append(reply.json()["_id"])
    return ids
