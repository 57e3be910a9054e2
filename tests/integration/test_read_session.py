"""A read session: the reads of one request share one pooled Postgres connection,
in a thread or inside the greenlet bridge."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import psycopg
import pytest

from infrastructure import bridge
from infrastructure.postgres_db import PostgresDatabase
from tests.conftest import drop_store, new_store_url

T = TypeVar("T")


@pytest.fixture
def db(tmp_path: Path, pg_admin: psycopg.Connection[Any]) -> Iterator[PostgresDatabase]:
    """A read-model database on a fresh Postgres database."""
    url = new_store_url("postgres", tmp_path, pg_admin)
    database = PostgresDatabase(url, max_size=4)
    yield database
    database.close()
    drop_store(url, pg_admin)


def backend(db: PostgresDatabase) -> int:
    """The server process behind the connection a read gets."""
    with db.reading() as cur:
        cur.execute("SELECT pg_backend_pid()")
        return int(cur.fetchone()[0])


def test_every_read_of_a_session_uses_the_same_connection(db: PostgresDatabase) -> None:
    with db.session():
        assert len({backend(db) for _ in range(5)}) == 1


def test_a_session_inside_a_session_keeps_the_outer_connection(db: PostgresDatabase) -> None:
    with db.session():
        outer = backend(db)
        with db.session():
            assert backend(db) == outer
        assert backend(db) == outer


def test_a_session_gives_its_connection_back_when_it_ends(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> None:
    url = new_store_url("postgres", tmp_path, pg_admin)
    single = PostgresDatabase(url, max_size=1)  # one connection: a kept one blocks the rest
    try:
        with single.session():
            held = backend(single)
        with ThreadPoolExecutor(1) as other:  # another thread: not inside the session
            assert other.submit(backend, single).result() == held
    finally:
        single.close()
        drop_store(url, pg_admin)


def test_a_failed_read_in_a_session_still_gives_the_connection_back(
    db: PostgresDatabase,
) -> None:
    for _ in range(6):
        with pytest.raises(psycopg.errors.UndefinedTable), db.session(), db.reading() as cur:
            cur.execute("SELECT * FROM no_such_table")
    assert backend(db) > 0


def bridged(db: PostgresDatabase, work: Callable[[], T]) -> T:
    """work's result, run inside the bridge on a loop where db's asyncio pool is open."""

    async def scenario() -> T:
        await db.open_async()
        try:
            return await bridge.run(work)
        finally:
            await db.close_async()

    return asyncio.run(scenario())


def test_a_read_inside_the_bridge_is_awaited_on_the_asyncio_pool(db: PostgresDatabase) -> None:
    def read() -> tuple[int, bool]:
        with db.reading() as cur:
            cur.execute("SELECT pg_backend_pid()")
            return int(cur.fetchone()[0]), isinstance(cur, psycopg.Cursor)

    pid, blocking = bridged(db, read)
    assert pid > 0
    assert blocking is False
    assert pid != backend(db)  # the blocking pool's connection is another one


def test_every_read_of_a_bridged_session_uses_the_same_connection(db: PostgresDatabase) -> None:
    def reads() -> set[int]:
        with db.session():
            return {backend(db) for _ in range(5)}

    assert len(bridged(db, reads)) == 1


def test_a_bridged_session_gives_its_connection_back_when_it_ends(
    tmp_path: Path, pg_admin: psycopg.Connection[Any]
) -> None:
    url = new_store_url("postgres", tmp_path, pg_admin)
    single = PostgresDatabase(url, max_size=1)  # a kept connection would time the next read out

    def two_sessions() -> list[int]:
        seen = []
        for _ in range(2):
            with single.session():
                seen.append(backend(single))
        return seen

    try:
        first, second = bridged(single, two_sessions)
        assert first == second
    finally:
        single.close()
        drop_store(url, pg_admin)


def test_a_failed_bridged_read_raises_the_database_error(db: PostgresDatabase) -> None:
    def failing() -> str:
        for _ in range(3):
            try:
                with db.session(), db.reading() as cur:
                    cur.execute("SELECT * FROM no_such_table")
            except psycopg.errors.UndefinedTable:
                pass
        return "still reading" if backend(db) > 0 else "no backend"

    assert bridged(db, failing) == "still reading"
