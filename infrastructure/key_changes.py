"""Following API-key changes on Postgres: a trigger NOTIFYs, each server LISTENs.

A statement trigger on api_keys sends one notification per changing
transaction, delivered when it commits, to every process listening on this
database, whichever process or tool made the change (a worker, the command
line, a projection rebuild). The listener runs on the server's event loop
and moves the generation for each notification, and on every (re)connect;
while it is not connected the generation is None, so nothing is trusted.

Two gaps are closed without waiting for the loop: this process's projector
moves the generation once a key change this process saved is in the table,
whoever projected it (so the response to a revocation made here is already
true here), and while a
notification sits unread on the listener's socket, generation() answers
None (so a change committed elsewhere is trusted from the moment it arrives).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import select

import psycopg

CHANNEL = "incident_ledger_keys"
RETRY_S = (0.1, 0.5, 1.0, 2.0, 5.0)
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
}
log = logging.getLogger(__name__)

TRIGGER_DDL = (
    "CREATE OR REPLACE FUNCTION api_keys_changed() RETURNS trigger AS $$ BEGIN "
    f"PERFORM pg_notify('{CHANNEL}', ''); RETURN NULL; END $$ LANGUAGE plpgsql",
    "CREATE OR REPLACE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
    "ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION api_keys_changed()",
)


class PostgresKeyChanges:
    """The KeyChanges port (and a Background task): LISTEN on the keys channel."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        # next() on a count is atomic, so moves from the loop and from the
        # writer's thread never collapse into one.
        self._moves = itertools.count(1)
        self._generation = 0
        self._listening = False
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()
        self._socket = -1

    def generation(self) -> int | None:
        """The current generation; None while not listening or a notification is unread."""
        if not self._listening or self._unread():
            return None
        return self._generation

    def moved(self) -> None:
        """A key change this process saved is in the table."""
        self._generation = next(self._moves)

    def _unread(self) -> bool:
        # A poll object per call: one shared between threads may not be polled at once.
        poller = select.poll()
        poller.register(self._socket, select.POLLIN)
        return bool(poller.poll(0))

    async def start(self) -> None:
        """Listen from now on; wait briefly for the first connection."""
        self._task = asyncio.create_task(self._follow(), name="key-changes")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout=RETRY_S[-1])

    async def stop(self) -> None:
        """Stop listening."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _follow(self) -> None:
        failures = 0
        while True:
            try:
                await self._listen()
            except Exception as error:  # noqa: BLE001 - keep following, whatever broke
                log.warning(
                    "not following API key changes (%s); keys are looked up each time", error
                )
            finally:
                if self._ready.is_set():
                    failures = 0
                    self._ready.clear()
                self._listening = False
                self._generation = next(self._moves)
            await asyncio.sleep(RETRY_S[min(failures, len(RETRY_S) - 1)])
            failures += 1

    async def _listen(self) -> None:
        # Keepalives: a connection that died without a word (no FIN) must end
        # too, or the cache would trust it until the entries' time limit.
        conninfo = psycopg.conninfo.make_conninfo(self._conninfo, **KEEPALIVES)
        conn = await psycopg.AsyncConnection.connect(conninfo, autocommit=True)
        async with conn:
            try:
                await conn.execute(f"LISTEN {CHANNEL}")
                self._socket = conn.pgconn.socket
                # Entries read before LISTEN took effect may predate a change we
                # will never hear of: a new generation leaves them all behind.
                self._generation = next(self._moves)
                self._listening = True
                self._ready.set()
                async for _ in conn.notifies():
                    self._generation = next(self._moves)
            finally:
                # Before the socket closes: its number may be reused at once.
                self._listening = False
