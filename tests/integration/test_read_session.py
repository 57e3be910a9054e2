"""A read session: the reads of one request share one pooled Postgres connection."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest

from infrastructure.databases import PostgresDatabase
from tests.conftest import drop_store, new_store_url


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
