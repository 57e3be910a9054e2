"""A pipelined write on Postgres: one atomic, locked transaction whose statements
go out together; a failure anywhere in it leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from infrastructure.postgres_db import PROJECTION_LOCK, PostgresDatabase
from tests.conftest import drop_store, new_store_url


@pytest.fixture
def db(tmp_path: Path, pg_admin: psycopg.Connection[Any]) -> Iterator[PostgresDatabase]:
    """A database with one table, notes (id PRIMARY KEY)."""
    url = new_store_url("postgres", tmp_path, pg_admin)
    database = PostgresDatabase(url, max_size=1)  # one connection: reused after a failure
    with database.writing() as cur:
        cur.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    yield database
    database.close()
    drop_store(url, pg_admin)


def notes(db: PostgresDatabase) -> list[int]:
    """The ids stored."""
    with db.reading() as cur:
        cur.execute("SELECT id FROM notes ORDER BY id")
        return [row[0] for row in cur.fetchall()]


def test_a_pipelined_write_commits_every_statement(db: PostgresDatabase) -> None:
    with db.writing(pipelined=True) as cur:
        for n in (1, 2, 3):
            cur.execute("INSERT INTO notes (id) VALUES (%s)", (n,))
    assert notes(db) == [1, 2, 3]


def test_the_first_statement_on_the_cursor_reads_its_own_rows(db: PostgresDatabase) -> None:
    with db.writing(pipelined=True) as cur:
        cur.execute("SELECT 41 + 1")
        assert cur.fetchone() == (42,)
        cur.execute("INSERT INTO notes (id) VALUES (1)")
    assert notes(db) == [1]


def test_a_pipelined_write_holds_the_projection_lock(db: PostgresDatabase) -> None:
    with db.writing(pipelined=True) as cur:
        cur.execute(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND pid = pg_backend_pid()"
        )
        assert cur.fetchall() == [(PROJECTION_LOCK,)]


def test_a_failing_statement_leaves_nothing_and_the_connection_usable(
    db: PostgresDatabase,
) -> None:
    with pytest.raises(psycopg.errors.UniqueViolation), db.writing(pipelined=True) as cur:
        for n in (1, 2, 2, 3):
            cur.execute("INSERT INTO notes (id) VALUES (%s)", (n,))
    assert notes(db) == []
    with db.writing(pipelined=True) as cur:
        cur.execute("INSERT INTO notes (id) VALUES (9)")
    assert notes(db) == [9]


def test_an_error_in_the_block_rolls_back_what_it_sent(db: PostgresDatabase) -> None:
    with pytest.raises(RuntimeError), db.writing(pipelined=True) as cur:
        cur.execute("INSERT INTO notes (id) VALUES (1)")
        raise RuntimeError("the projection failed halfway")
    assert notes(db) == []


def test_a_pipelined_write_after_the_server_ended_its_connection_runs_on_a_new_one(
    db: PostgresDatabase, pg_admin: psycopg.Connection[Any]
) -> None:
    with db.reading() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    pg_admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))  # waits for its end
    with db.writing(pipelined=True) as cur:
        cur.execute("INSERT INTO notes (id) VALUES (1)")
    assert notes(db) == [1]
