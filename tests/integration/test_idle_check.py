"""The pools' check of an idle connection, which costs no round trip."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from infrastructure.postgres_db import check_idle
from infrastructure.settings import parse
from tests.conftest import drop_store, new_store_url


@pytest.fixture
def conninfo(tmp_path: Path, pg_admin: psycopg.Connection[Any]) -> Iterator[str]:
    """A fresh Postgres database's connection string."""
    url = new_store_url("postgres", tmp_path, pg_admin)
    yield parse(url).conninfo
    drop_store(url, pg_admin)


def test_a_live_idle_connection_passes(conninfo: str) -> None:
    with psycopg.connect(conninfo, autocommit=True) as conn:
        check_idle(conn)
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_connection_the_server_ended_is_refused_and_closed(
    conninfo: str, pg_admin: psycopg.Connection[Any]
) -> None:
    conn = psycopg.connect(conninfo, autocommit=True)
    pid = conn.info.backend_pid
    pg_admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    time.sleep(0.2)  # the server's goodbye reaches the socket
    with pytest.raises(psycopg.OperationalError):
        check_idle(conn)
    assert conn.closed


def test_a_closed_connection_is_refused(conninfo: str) -> None:
    conn = psycopg.connect(conninfo, autocommit=True)
    conn.close()
    with pytest.raises(psycopg.OperationalError):
        check_idle(conn)
