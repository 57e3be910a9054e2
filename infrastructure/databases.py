"""The read model's database interface, implemented on Postgres (postgres_db)
and SQLite (sqlite_db).

Reads run in autocommit. Writes run in one transaction that also holds the
projection lock (Postgres: an advisory lock; SQLite: BEGIN IMMEDIATE), so that
processes catching up at the same time apply each event exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar, Protocol

import psycopg
from psycopg_pool import PoolTimeout

from application.errors import StoreUnavailable


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

    def writing(self, *, pipelined: bool = False) -> Any:
        """Context manager yielding a cursor in a locked, atomic transaction.

        pipelined: its statements need not wait for each other's results; rows
        may be read only from the cursor's first statement, and an error may be
        raised at a later read or when the block ends."""

    def close(self) -> None:
        """Release every connection."""


@contextmanager
def translated() -> Iterator[None]:
    """Database errors that mean "the store is out of reach" become StoreUnavailable."""
    try:
        yield
    except (psycopg.OperationalError, PoolTimeout, sqlite3.OperationalError) as error:
        raise StoreUnavailable(f"database unavailable: {error}") from error
