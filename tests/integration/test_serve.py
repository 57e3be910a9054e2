"""`incident-ledger serve`: on an empty store it prints a Default project's owner
key once, the key works at once, and `--workers 2` serves the same store."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg

from tests.conftest import drop_store, new_store_url

CLI = str(Path(sys.executable).parent / "incident-ledger")
DEADLINE = 30.0


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(url: str, log: Path, *extra: str) -> Iterator[str]:
    """A running `serve` on the store; yields its base URL, stops it after."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url}
    with log.open("w") as out:
        process = subprocess.Popen(
            [CLI, "serve", "--port", str(port), *extra],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=DEADLINE)


def wait_until_up(base: str) -> None:
    """Poll until the server answers (401 without a key is an answer)."""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        try:
            httpx.post(f"{base}/api/incident-state/count", timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"no answer from {base} within {DEADLINE} s")


def printed_key(log: Path) -> str | None:
    """The secret `serve` printed, if any."""
    for line in log.read_text().splitlines():
        if line.strip().startswith("API key:"):
            return line.split(":", 1)[1].strip()
    return None


def count(base: str, key: str) -> httpx.Response:
    """The incident-state count as the key sees it."""
    return httpx.post(f"{base}/api/incident-state/count", headers={"ApiKey": key}, timeout=10)


def test_serve_on_an_empty_store_prints_an_owner_key_that_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with serving(url, tmp_path / "serve.log") as base:
        key = printed_key(tmp_path / "serve.log")
        assert key is not None
        assert count(base, key).json() == {"count": 4}


def test_serve_prints_the_key_only_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with serving(url, tmp_path / "first.log"):
        key = printed_key(tmp_path / "first.log")
    with serving(url, tmp_path / "second.log") as base:
        assert printed_key(tmp_path / "second.log") is None
        assert key is not None
        assert count(base, key).status_code == 200


def test_serve_with_two_workers_answers_and_reads_its_writes(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> None:
    url = new_store_url("postgres", tmp_path, pg_admin)
    try:
        with serving(url, tmp_path / "serve.log", "--workers", "2") as base:
            key = printed_key(tmp_path / "serve.log")
            assert key is not None
            headers = {"ApiKey": key}
            for n in range(10):
                body = {"data": {"name": f"Worker state {n}", "color": "#123"}}
                created = httpx.post(f"{base}/api/incident-state", json=body, headers=headers)
                assert created.status_code == 200, created.text
                assert count(base, key).json() == {"count": 5 + n}
    finally:
        drop_store(url, pg_admin)
