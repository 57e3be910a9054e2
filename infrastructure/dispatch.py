"""Where a request's use-case code runs: threads for SQLite, the event loop for Postgres."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from functools import partial
from typing import TypeVar

from application.ports import Work
from infrastructure import bridge
from infrastructure.postgres_db import PostgresDatabase

T = TypeVar("T")
Session = Callable[[], AbstractContextManager[None]]

# Write requests wait on the writer's batches; 32 lets 32 connections' writes
# share a batch (incident create: 511/s with 64 threads, 556/s with 32).
THREADS = 32
# Read-only requests never wait on the writer, only on short queries; more
# threads than this only fight over the GIL: at 32 connections, incident get
# served 687/s with 64 threads, 1,321/s with 8, 1,209/s with 4, 1,117/s with 16.
READ_THREADS = 8
# History and timeline read the event store through the library's blocking calls.
EVENT_THREADS = 4


class ThreadDispatch:
    """Every call on a thread pool: SQLite and the in-memory store have no asyncio driver."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._writes = ThreadPoolExecutor(THREADS, thread_name_prefix="request")
        self._reads = ThreadPoolExecutor(READ_THREADS, thread_name_prefix="read")

    async def start(self) -> None:
        """Nothing to open: the pools start their threads on demand."""

    async def run(self, work: Callable[[], T], kind: Work) -> T:
        """work's result, from the read pool (one connection for all its reads) or the other."""
        loop = asyncio.get_running_loop()
        if kind is Work.READ:
            return await loop.run_in_executor(self._reads, partial(_in, self._session, work))
        return await loop.run_in_executor(self._writes, work)

    async def stop(self) -> None:
        """Let the running calls finish."""
        self._writes.shutdown(wait=True)
        self._reads.shutdown(wait=True)


class BridgedDispatch:
    """Postgres: reads and writes run on the event loop, their queries awaited (see bridge).

    A write pauses on the writer's future the same way, so a request never
    holds a thread; only the event store's blocking reads (history) take one.
    """

    def __init__(self, db: PostgresDatabase) -> None:
        self._db = db
        self._events = ThreadPoolExecutor(EVENT_THREADS, thread_name_prefix="events")

    async def start(self) -> None:
        """Open the read model's asyncio pool on this loop."""
        await self._db.open_async()

    async def run(self, work: Callable[[], T], kind: Work) -> T:
        """work's result: in a greenlet on the loop, or on a thread for the event store."""
        if kind is Work.EVENTS:
            return await asyncio.get_running_loop().run_in_executor(self._events, work)
        if kind is Work.READ:
            return await bridge.run(partial(_in, self._db.session, work))
        return await bridge.run(work)

    async def stop(self) -> None:
        """Let the running calls finish, then close the asyncio pool."""
        self._events.shutdown(wait=True)
        await self._db.close_async()


def _in(session: Session, work: Callable[[], T]) -> T:
    with session():
        return work()
