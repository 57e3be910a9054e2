"""Connections for the read model on SQLite and Postgres, behind one interface.

Reads run in autocommit. Writes run in one transaction that also holds the
projection lock (Postgres: an advisory lock; SQLite: BEGIN IMMEDIATE), so that
processes catching up at the same time apply each event exactly once.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Protocol

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from application.errors import StoreUnavailable

PROJECTION_LOCK = 7_264_001


class Cursor(Protocol):
    """The part of a DB-API cursor the read model uses."""

    def execute(self, sql: str, params: Any = ...) -> Any:
        """Run one statement."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> list[Any]:
        """The remaining rows."""


class Database(Protocol):
    """A read-model database and its SQL dialect."""

    dialect: ClassVar[str]  # "postgres" or "sqlite", for DDL that differs
    mark: ClassVar[str]
    types: ClassVar[dict[str, str]]
    text_order: ClassVar[str]

    def reading(self) -> Any:
        """Context manager yielding a cursor in autocommit."""

    def session(self) -> Any:
        """Context manager: the calling thread's reads share one connection till it ends."""

    def writing(self) -> Any:
        """Context manager yielding a cursor in a locked, atomic transaction."""

    def close(self) -> None:
        """Release every connection."""


class PostgresDatabase:
    """Read model on Postgres through a psycopg 3 pool."""

    dialect: ClassVar[str] = "postgres"
    mark: ClassVar[str] = "%s"
    types: ClassVar[dict[str, str]] = {
        "id": "TEXT",
        "text": "TEXT",
        "instant": "TEXT",
        "bool": "BOOLEAN",
        "int": "BIGINT",
        "json": "TEXT",
    }
    text_order: ClassVar[str] = ' COLLATE "C"'

    # A 2-core server gains nothing from more parallel queries, and every
    # worker process has its own pools within Postgres' max_connections.
    def __init__(self, conninfo: str, max_size: int = 16) -> None:
        self._pool = ConnectionPool(
            conninfo,
            min_size=1,
            max_size=max_size,
            kwargs={"autocommit": True},
            open=True,
            timeout=10,
            name="read-model",
        )
        self._held = threading.local()

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """A cursor in autocommit (on the session's connection inside a session)."""
        held: psycopg.Connection[Any] | None = getattr(self._held, "conn", None)
        if held is not None:
            with _translated(), held.cursor() as cur:
                yield cur
            return
        with _translated(), self._pool.connection() as conn, conn.cursor() as cur:
            yield cur

    @contextmanager
    def session(self) -> Iterator[None]:
        """One pool checkout for all the reads of a block instead of one per query."""
        # Only for blocks that never wait for the writer: its projection needs
        # a connection from the same pool.
        if getattr(self._held, "conn", None) is not None:
            yield
            return
        with _translated(), self._pool.connection() as conn:
            self._held.conn = conn
            try:
                yield
            finally:
                self._held.conn = None

    @contextmanager
    def writing(self) -> Iterator[Cursor]:
        """A cursor in a transaction holding the projection lock."""
        with (
            _translated(),
            self._pool.connection() as conn,
            conn.transaction(),
            conn.cursor() as cur,
        ):
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (PROJECTION_LOCK,))
            yield cur

    def close(self) -> None:
        """Close the pool."""
        self._pool.close()


class SQLiteDatabase:
    """Read model in an SQLite file (or in memory), one connection per thread."""

    dialect: ClassVar[str] = "sqlite"
    mark: ClassVar[str] = "?"
    types: ClassVar[dict[str, str]] = {
        "id": "TEXT",
        "text": "TEXT",
        "instant": "TEXT",
        "bool": "INTEGER",
        "int": "INTEGER",
        "json": "TEXT",
    }
    text_order: ClassVar[str] = ""

    def __init__(self, path: str) -> None:
        self._path = path
        self._memory = path == ":memory:"
        self._local = threading.local()
        self._shared: sqlite3.Connection | None = None
        self._lock = threading.RLock()  # only used in memory mode
        self._all: list[sqlite3.Connection] = []

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """A cursor in autocommit."""
        with _translated(), self._guard():
            cur = self._connection().cursor()
            try:
                yield cur
            finally:
                cur.close()

    @contextmanager
    def session(self) -> Iterator[None]:
        """Nothing to hold: each thread keeps its own connection anyway."""
        yield

    @contextmanager
    def writing(self) -> Iterator[Cursor]:
        """A cursor in an IMMEDIATE transaction: the file's write lock is held."""
        with _translated(), self._guard():
            conn = self._connection()
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                conn.rollback()
                raise
            else:
                conn.commit()
            finally:
                cur.close()

    def close(self) -> None:
        """Close every connection opened by any thread."""
        for conn in self._all:
            conn.close()
        self._all.clear()

    @contextmanager
    def _guard(self) -> Iterator[None]:
        if not self._memory:
            yield
            return
        with self._lock:
            yield

    def _connection(self) -> sqlite3.Connection:
        if self._memory:
            if self._shared is None:
                self._shared = self._open()
            return self._shared
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self._path, isolation_level=None, check_same_thread=False, timeout=30
        )
        conn.execute("PRAGMA busy_timeout = 30000")
        if not self._memory:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        # LIKE is case-sensitive for StartsWith/EndsWith, as on Postgres.
        conn.execute("PRAGMA case_sensitive_like = ON")
        # SQLite's own LOWER() folds ASCII only; Search must fold every letter.
        conn.create_function("LOWER", 1, _lower, deterministic=True)
        self._all.append(conn)
        return conn


def _lower(value: str | None) -> str | None:
    return value.lower() if isinstance(value, str) else value


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except (psycopg.OperationalError, PoolTimeout, sqlite3.OperationalError) as error:
        raise StoreUnavailable(f"database unavailable: {error}") from error
