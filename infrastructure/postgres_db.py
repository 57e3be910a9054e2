"""The read model on Postgres.

A read made inside the greenlet bridge (a request's code on the event loop,
see infrastructure.bridge) goes through an asyncio pool and is awaited; any
other read (the writer's thread, the command line) through a blocking pool.
Pooled connections are checked at checkout without a round trip (check_idle).
"""

from __future__ import annotations

import select
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import psycopg
from psycopg import pq
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from infrastructure import bridge
from infrastructure.databases import Cursor, translated

PROJECTION_LOCK = 7_264_001


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
            # A connection a database restart ended must never fail a batch's
            # projection; checked without a round trip, as the writer's
            # critical section checks out connections several times a batch.
            check=check_idle,
        )
        self._held = threading.local()
        # Made on the event loop by open_async(): an asyncio pool belongs to its loop.
        self._async_pool: AsyncConnectionPool[Any] | None = None
        self._async_pool_size = max_size

    async def open_async(self) -> None:
        """Open the pool that requests on this event loop read through."""
        self._async_pool = AsyncConnectionPool(
            self._pool.conninfo,
            min_size=1,
            max_size=self._async_pool_size,
            kwargs={"autocommit": True},
            open=False,
            timeout=10,
            name="read-model-async",
            check=check_idle_async,
        )
        await self._async_pool.open()

    async def close_async(self) -> None:
        """Close the event loop's pool."""
        if self._async_pool is not None:
            await self._async_pool.close()
            self._async_pool = None

    @contextmanager
    def reading(self) -> Iterator[Cursor]:
        """A cursor in autocommit (on the session's connection inside a session)."""
        if self._async_pool is not None and bridge.active():
            with self._bridged_reading() as cur:
                yield cur
            return
        held: psycopg.Connection[Any] | None = getattr(self._held, "conn", None)
        if held is not None:
            with translated(), held.cursor() as cur:
                yield cur
            return
        with translated(), self._pool.connection() as conn, conn.cursor() as cur:
            yield cur

    @contextmanager
    def session(self) -> Iterator[None]:
        """One pool checkout for all the reads of a block instead of one per query."""
        # On a thread, only for blocks that never wait for the writer: its
        # projection needs a connection from the same blocking pool. Inside the
        # bridge the session holds an asyncio connection, from another pool.
        if self._async_pool is not None and bridge.active():
            with self._bridged_session():
                yield
            return
        if getattr(self._held, "conn", None) is not None:
            yield
            return
        with translated(), self._pool.connection() as conn:
            self._held.conn = conn
            try:
                yield
            finally:
                self._held.conn = None

    @contextmanager
    def writing(self, *, pipelined: bool = False) -> Iterator[Cursor]:
        """A cursor in a transaction holding the projection lock.

        pipelined: statements go out without waiting for each other, and the
        transaction is run by statements, not psycopg's transaction(), which
        waits after BEGIN and again at COMMIT. A projection (lock, position,
        rows, position) then costs two round trips, not five, inside the
        writer's turn. Rows may be read only from a statement that is the
        first on the cursor given (a read on a cursor with earlier statements
        pending may get the rows of one of those); errors are raised at that
        read or when the block ends.
        """
        if not pipelined:
            with (
                translated(),
                self._pool.connection() as conn,
                conn.transaction(),
                conn.cursor() as cur,
            ):
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (PROJECTION_LOCK,))
                yield cur
            return
        with translated(), self._pool.connection() as conn:
            try:
                with conn.pipeline():
                    conn.execute("BEGIN")  # each on a cursor of its own
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (PROJECTION_LOCK,))
                    with conn.cursor() as cur:
                        yield cur
                    conn.execute("COMMIT")
            except BaseException:
                _roll_back(conn)
                raise

    def close(self) -> None:
        """Close the pool."""
        self._pool.close()

    @contextmanager
    def _bridged_reading(self) -> Iterator[Cursor]:
        held = bridge.current().held
        assert self._async_pool is not None
        with translated():
            yield _BridgedCursor(held or self._async_pool)

    @contextmanager
    def _bridged_session(self) -> Iterator[None]:
        here = bridge.current()
        if here.held is not None:
            yield
            return
        assert self._async_pool is not None
        with translated(), bridge.entered(self._async_pool.connection()) as conn:
            here.held = conn
            try:
                yield
            finally:
                here.held = None


class _BridgedCursor:
    """A blocking-style cursor over asyncio connections, for code inside the bridge.

    Given the pool rather than a session's connection, each statement takes a
    connection for itself and is run again once on another if the server had
    ended the first (after a restart the pool still holds dead ones): reads
    are safe to repeat, and a write's answer must not fail on its read-back.
    """

    def __init__(self, source: psycopg.AsyncConnection[Any] | AsyncConnectionPool[Any]) -> None:
        self._source = source
        self._rows: list[Any] = []

    def execute(self, sql: str, params: Any = None) -> _BridgedCursor:
        """Run one statement and take all its rows, awaited on the event loop."""
        if isinstance(self._source, psycopg.AsyncConnection):
            self._rows = self._run(self._source, sql, params)
            return self
        conn: psycopg.AsyncConnection[Any] | None = None
        try:
            with bridge.entered(self._source.connection()) as conn:
                self._rows = self._run(conn, sql, params)
        except psycopg.OperationalError:
            if conn is None or not conn.broken:
                raise
            with bridge.entered(self._source.connection()) as conn:
                self._rows = self._run(conn, sql, params)
        return self

    def fetchone(self) -> Any:
        """The next row, or None."""
        return self._rows.pop(0) if self._rows else None

    def fetchall(self) -> list[Any]:
        """The remaining rows."""
        rows, self._rows = self._rows, []
        return rows

    @staticmethod
    def _run(conn: psycopg.AsyncConnection[Any], sql: str, params: Any) -> list[Any]:
        cur = bridge.wait(conn.execute(sql, params))
        # Whether rows came, from the result's status: cur.description builds a
        # Column per field first (13 us for an incident page's 20, measured).
        result = cur.pgresult
        if result is None or result.status != pq.ExecStatus.TUPLES_OK:
            return []
        return bridge.wait(cur.fetchall())


def _roll_back(conn: psycopg.Connection[Any]) -> None:
    """End a failed writing() transaction (or none: ROLLBACK outside one only warns)."""
    if conn.broken or conn.closed:
        return  # the pool discards it
    try:
        conn.execute("ROLLBACK")
    except psycopg.Error:
        conn.close()  # the pool replaces it rather than hand out an unknown state


def check_idle(conn: psycopg.Connection[Any]) -> None:
    """Raise if an idle pooled connection is no longer usable, without a round trip.

    An idle connection has nothing to read; one the server ended has its
    FATAL message or the end of the stream waiting (a restart, a terminated
    backend). A pool calls this at checkout and replaces what it rejects.
    """
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    if _ended(conn.pgconn.socket):
        # Closed, or the pool would take it back as idle and hand it out again.
        conn.close()
        # The server ended one, so likely all (a restart): the pool waits 1, 2,
        # 4 s... between rejected connections, so replace them all now.
        pool = getattr(conn, "_pool", None)
        if pool is not None:
            pool.drain()
        raise psycopg.OperationalError("the server ended the connection")


async def check_idle_async(conn: psycopg.AsyncConnection[Any]) -> None:
    """check_idle for the asyncio pool."""
    if conn.closed or conn.broken:
        raise psycopg.OperationalError("the connection is closed")
    if _ended(conn.pgconn.socket):
        await conn.close()
        pool = getattr(conn, "_pool", None)
        if pool is not None:
            await pool.drain()
        raise psycopg.OperationalError("the server ended the connection")


def _ended(socket: int) -> bool:
    poller = select.poll()
    poller.register(socket, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))
