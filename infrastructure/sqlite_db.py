"""The read model in an SQLite file (or in memory)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

from infrastructure.databases import Cursor, translated
from infrastructure.sql_conditions import fold


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
        with translated(), self._guard():
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
    def writing(self, *, pipelined: bool = False) -> Iterator[Cursor]:
        """A cursor in an IMMEDIATE transaction: the file's write lock is held.
        (pipelined: nothing to save, SQLite runs in this process.)"""
        with translated(), self._guard():
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
        # Search folds case in Python, as it folds the value searched for.
        conn.create_function("ledger_fold", 1, _fold, deterministic=True)
        self._all.append(conn)
        return conn


def _fold(value: str | None) -> str | None:
    return fold(value) if isinstance(value, str) else value
