"""The pools' check of an idle connection, which costs no round trip."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import psycopg
import pytest
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from infrastructure.postgres_db import check_idle, check_idle_async
from infrastructure.settings import parse

POOLED = 6


@pytest.fixture
def conninfo(pg_url: str) -> str:
    """A fresh Postgres database's connection string."""
    return parse(pg_url).conninfo


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


def test_a_pool_whose_connections_the_server_ended_hands_out_a_new_one(
    conninfo: str, pg_admin: psycopg.Connection[Any]
) -> None:
    # Without replacing them all, the pool would wait 1 + 2 + 4 s between the
    # dead ones and give up (its timeout) before reaching a live one.
    with ConnectionPool(conninfo, min_size=POOLED, check=check_idle, timeout=3) as pool:
        pool.wait()
        end_connections(pg_admin, conninfo)
        with pool.connection() as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)


def test_an_asyncio_pool_whose_connections_the_server_ended_hands_out_a_new_one(
    conninfo: str, pg_admin: psycopg.Connection[Any]
) -> None:
    async def scenario() -> Any:
        pool = AsyncConnectionPool(
            conninfo, min_size=POOLED, check=check_idle_async, timeout=3, open=False
        )
        async with pool:
            await pool.wait()
            end_connections(pg_admin, conninfo)
            async with pool.connection() as conn:
                return await (await conn.execute("SELECT 1")).fetchone()

    assert asyncio.run(scenario()) == (1,)


def end_connections(pg_admin: psycopg.Connection[Any], conninfo: str) -> None:
    """End every connection to the database, as a restart would, and let the news arrive."""
    dbname = psycopg.conninfo.conninfo_to_dict(conninfo)["dbname"]
    pg_admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (dbname,)
    )
    time.sleep(0.2)
