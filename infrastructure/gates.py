"""Gates: one process at a time across processes sharing a store.

Postgres: a session advisory lock on a connection of its own. SQLite: an
flock on a file beside the database. The writer gate (only with several
workers) lets one batch through at a time; the schema gate, one process
preparing the store.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import psycopg

from application.errors import StoreUnavailable
from infrastructure.postgres_db import check_idle
from infrastructure.settings import TCP_DEFAULTS

WRITER_LOCK = 7_264_002
SCHEMA_LOCK = 7_264_003


class TurnReader(Protocol):
    """What a holder needs to know as soon as the gate is its, read in the lock's round trip."""

    def turn_query(self) -> str | None:
        """The query to run once the lock is taken (None: nothing to read)."""

    def turn_rows(self, rows: list[tuple[Any, ...]]) -> None:
        """Its rows, as the turn begins."""

    def turn_over(self) -> None:
        """The gate is open again: what the turn read no longer holds."""


# The lock lives as long as the gate's session. Were the holder's host to
# vanish mid-turn (a crash, a cut link), the server would keep that session,
# and every other worker's writes would wait, until the server's own TCP
# keepalives gave up on it: over two hours by Linux's defaults. These have the
# server probe this session and end it about a minute after the peer falls
# silent, as the client probes the server (settings.TCP_DEFAULTS). SET, not a
# startup option, so a pooler in between passes it.
SERVER_KEEPALIVES = "; ".join(
    f"SET tcp_{name} = {TCP_DEFAULTS[name]}"
    for name in ("keepalives_idle", "keepalives_interval", "keepalives_count")
)


class _SessionLost(StoreUnavailable):
    """The gate's session was gone when it asked for the lock."""


class PostgresGate:
    """pg_advisory_lock around each batch (or other guarded work), on a dedicated connection.

    readers: their queries go out in one pipeline with the lock, so they run
    as soon as it is granted, in the same round trip (under load each round
    trip inside a writer's turn is up to a millisecond the other workers wait).
    """

    def __init__(
        self, conninfo: str, key: int = WRITER_LOCK, *, readers: Sequence[TurnReader] = ()
    ) -> None:
        self._conninfo = conninfo
        self._key = key
        self._readers = tuple(readers)
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._lock = threading.Lock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for the gate, run the batch, open the gate."""
        with self._lock:
            conn = self._taken()
            try:
                yield
            finally:
                self._turn_over()
                self._release(conn)

    def _taken(self) -> psycopg.Connection[tuple[object, ...]]:
        """A connection holding the lock. One kept from before the server ended its
        session (a restart, its message not yet read) fails once with nothing done: it
        is replaced and asked again. Any other failure is a 503 at once."""
        conn, kept = self._connection()
        try:
            self._attempt(conn)
        except _SessionLost:
            if not kept:
                raise
            conn, _ = self._connection()
            self._attempt(conn)
        return conn

    def _attempt(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        """Take the lock on conn; if that fails, the gate is left open and the readers told."""
        try:
            self._take(conn)
        except psycopg.OperationalError as error:  # the server went away: 503, not 500
            lost = conn.broken  # not a timeout or a cancel on a live session
            conn.close()
            self._turn_over()
            unavailable = _SessionLost if lost else StoreUnavailable
            raise unavailable(f"database unavailable: {error}") from error
        except BaseException:  # a reader's query failed after the lock was granted
            self._turn_over()
            self._release(conn)
            raise

    def _turn_over(self) -> None:
        for reader in self._readers:
            reader.turn_over()

    def _take(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        lock = "SELECT pg_advisory_lock(%s)"
        queries = [(reader, reader.turn_query()) for reader in self._readers]
        asked = [(reader, query) for reader, query in queries if query]
        if not asked:
            conn.execute(lock, (self._key,))
            return
        with conn.pipeline():
            conn.execute(lock, (self._key,))
            cursors = [(reader, conn.execute(query)) for reader, query in asked]
        for reader, cursor in cursors:
            reader.turn_rows(cursor.fetchall())

    def _connection(self) -> tuple[psycopg.Connection[tuple[object, ...]], bool]:
        """The gate's connection, and whether it was kept from an earlier turn."""
        if self._conn is not None and not self._conn.closed:
            try:  # one the server ended while idle (a restart) is replaced, not used once
                check_idle(self._conn)
                return self._conn, True
            except psycopg.OperationalError:
                self._conn.close()
        try:
            self._conn = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
            self._conn.execute(SERVER_KEEPALIVES)
        except psycopg.OperationalError as error:
            raise StoreUnavailable(f"database unavailable: {error}") from error
        return self._conn, False

    def _release(self, conn: psycopg.Connection[tuple[object, ...]]) -> None:
        try:
            conn.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
        except psycopg.Error:
            conn.close()  # a lost session releases its locks

    def close(self) -> None:
        """Drop the connection (and with it the lock, if held)."""
        if self._conn is not None:
            self._conn.close()


class FileGate:
    """flock on a file beside the SQLite database."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._lock = threading.Lock()

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Wait for the gate, run the batch, open the gate."""
        with self._lock, open(self._path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def close(self) -> None:
        """Nothing to release."""
