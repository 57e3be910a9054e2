"""The Postgres event recorder: the library's, with a cheaper insert and the
read-model rows written in the events' own transaction.

The library inserts a batch's events under an exclusive lock on the events
table, as one array of a composite type; psycopg dumps that array as text,
escaping each event's bytes through a regular expression (1.5 ms of CPU for
40 events here, inside the writer's turn). Four arrays in binary, one per
column, give the same INSERT ... SELECT FROM unnest(...) in 0.3 ms.

Given `read_model=` (infrastructure.projector.RowsAlongside), the rows those
events make and the projection's new position are written before the same
COMMIT: a write and its read model are then one atomic change, and a batch
needs no second transaction; `alongside=` writers (infrastructure.sequences.
SequenceMoves) go in the same way (each round trip inside the writer's turn cost
about 1 ms on this 2-core machine under load).

The library's insert sends five Syncs and waits for each: its own after the
insert, and those of the nested pipelines that psycopg's transaction() opens
and closes inside the library's (one carries the COMMIT, the others nothing).
Here BEGIN to COMMIT go out as one pipeline, answered at its one Sync.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any, Protocol

import psycopg
from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from eventsourcing.utils import Environment, EnvType, retry
from psycopg import Connection, Cursor
from psycopg.rows import dict_row
from psycopg.sql import SQL, Composed, Identifier

from infrastructure.latest_reads import LatestReads
from infrastructure.settings import CONNINFO_KEY


class RowsWriter(Protocol):
    """Writes the read-model rows of the events being inserted."""

    def write(self, conn: Connection[Any], events_table: Composed, count: int) -> None:
        """Queue the statements on conn, after the insert of `count` events."""


class LedgerRecorder(LatestReads, PostgresApplicationRecorder):
    """PostgresApplicationRecorder with binary array inserts, rows alongside and
    one-query loads from the newest snapshot (LatestReads)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events_table = _qualified(self.datastore, self.events_table_name)
        id_type = SQL(self.datastore.originator_id_type)  # "uuid" or "text", checked
        insert = _array_insert(self.datastore, self.events_table_name)
        self.array_insert_statement = insert + SQL(" RETURNING notification_id")
        self.stored_before_statement = SQL(
            "SELECT e.notification_id, e.topic = i.topic AND e.state = i.state AS same "
            "FROM unnest(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[]) "
            "WITH ORDINALITY AS i(oid, ver, topic, state, n) "
            "LEFT JOIN {table} e ON e.originator_id = i.oid AND e.originator_version = i.ver "
            "ORDER BY i.n"
        ).format(table=self.events_table, id_type=id_type)
        self.latest_statement: Composed | None = None  # see LatestReads
        if self.datastore.enable_db_functions:  # the notes: this flag loses events
            raise NotImplementedError("POSTGRES_ENABLE_DB_FUNCTIONS is not supported")

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)  # as the library's
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Insert the events (and rows alongside) in one transaction and one round trip."""
        if not stored_events:
            return None
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            failed = self._run_pipeline(conn, curs, stored_events, kwargs)
            if failed is not None:
                with contextlib.suppress(psycopg.Error):  # the pool would, with a warning
                    conn.rollback()
                self._check_not_read_model(failed)
                if isinstance(failed, psycopg.IntegrityError):
                    ids = self._stored_before(conn, stored_events)
                    if ids is not None:
                        return ids
                raise failed
            # The insert is curs's last statement: its ids, in the events' order.
            return self._fetch_ids_after_insert_events(curs, stored_events, **kwargs)

    def _run_pipeline(
        self,
        conn: Connection[Any],
        curs: Cursor[Any],
        stored_events: Sequence[StoredEvent],
        kwargs: dict[str, Any],
    ) -> psycopg.Error | None:
        """BEGIN to COMMIT as one pipeline; the first error, which skipped the rest."""
        failed: psycopg.Error | None = None
        try:
            with conn.pipeline():
                try:
                    curs.execute("BEGIN")
                    self._insert_events(curs, stored_events, **kwargs)
                    self._insert_stored_events(curs, stored_events, **kwargs)
                    conn.execute("COMMIT")
                except psycopg.Error as error:
                    # Read while statements were still being queued: raised once
                    # the pipeline is closed, or psycopg warns that it aborted.
                    failed = error
        except psycopg.Error as error:  # read at the pipeline's one Sync
            # After an error read inside, the Sync answers "pipeline aborted"
            # for the statements skipped since: the first error is the one.
            failed = failed or error
        return failed

    def _stored_before(
        self, conn: Connection[Any], stored_events: Sequence[StoredEvent]
    ) -> list[int] | None:
        """The events' ids if every one of them is stored already, byte for byte.

        The retry above runs the insert again when the connection failed, and
        the connection can fail after the server committed: the events are
        then there, and the write succeeded. Taken for a lost race, its
        commands would run a second time (a second incident, a comment twice).
        """
        with conn.cursor() as curs:
            curs.execute(self.stored_before_statement, _columns(stored_events))
            rows = curs.fetchall()
        if len(rows) == len(stored_events) and all(row["same"] for row in rows):
            return [int(row["notification_id"]) for row in rows]
        return None

    def _check_not_read_model(self, error: BaseException) -> None:
        """A constraint the read model's rows broke is a projection bug, not a lost race.

        The writer reruns a batch whose save raised IntegrityError (another
        process saved one of its aggregates first) and answers 409 after ten
        tries; rows that can never be written must fail at once instead.
        """
        if isinstance(error, psycopg.IntegrityError):
            table = error.diag.table_name
            if table is not None and table != self.events_table_name:
                raise ProgrammingError(f"read model rows rejected ({table}): {error}") from error

    def _insert_stored_events(
        self,
        curs: Cursor[Any],
        stored_events: Sequence[StoredEvent],
        *,
        read_model: RowsWriter | None = None,
        alongside: Sequence[RowsWriter] = (),
        **_: Any,
    ) -> None:
        # The library's order (lock, notify, insert), with the insert's
        # parameters as column arrays; unnest keeps their order, and so the
        # notification ids come back in the events' order, as the library's do.
        self._lock_table(curs)
        self._notify_channel(curs)
        curs.execute(self.array_insert_statement, _columns(stored_events), prepare=True)
        for writer in (read_model, *alongside):
            if writer is not None:
                writer.write(curs.connection, self.events_table, len(stored_events))


class SnapshotRecorder(PostgresAggregateRecorder):
    """The library's snapshot recorder, inserting its rows as binary column arrays.

    The library dumps the composite array as text, escaping the bytes through
    a regular expression: 40-60 ms of CPU, holding the interpreter, for the
    3.5 MB snapshot of a catalog of 14,000 states (measured under load).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.array_insert_statement = _array_insert(self.datastore, self.events_table_name)

    def _insert_stored_events(
        self, curs: Cursor[Any], stored_events: Sequence[StoredEvent], **_: Any
    ) -> None:
        curs.execute(self.array_insert_statement, _columns(stored_events))


class LedgerFactory(PostgresFactory):
    """The library's Postgres persistence with these recorders (PERSISTENCE_MODULE)."""

    application_recorder_class = LedgerRecorder
    aggregate_recorder_class = SnapshotRecorder

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        # The library connects with five keywords of its own; the pool (it opens
        # on first use) takes the whole conninfo instead, as every other
        # connection does: DATABASE_URL's parameters (sslmode...), the TCP
        # defaults, and libpq's own sources (a service file, PGPASSWORD) alike.
        conninfo = self.env.get(CONNINFO_KEY)
        if conninfo:
            self.datastore.pool.conninfo = conninfo
            self.datastore.pool.kwargs = {"row_factory": dict_row}

    def application_recorder(self) -> ApplicationRecorder:
        """The events' recorder, told where the snapshots are (named as the library names
        them for aggregate_recorder("snapshots"))."""
        recorder = super().application_recorder()
        if isinstance(recorder, LedgerRecorder):
            name = (self.env.name.lower() or "stored") + "_snapshots"
            recorder.use_snapshots_table(_qualified(self.datastore, name))
        return recorder


def _qualified(datastore: PostgresDatastore, name: str) -> Composed:
    """schema.name, quoted."""
    return SQL("{}.{}").format(Identifier(datastore.schema), Identifier(name))


def _array_insert(datastore: PostgresDatastore, name: str) -> Composed:
    """The insert of stored events given as four binary column arrays (see _columns)."""
    return SQL(
        "INSERT INTO {table} (originator_id, originator_version, topic, state) "
        "SELECT * FROM unnest(%b::{id_type}[], %b::bigint[], %b::text[], %b::bytea[])"
    ).format(table=_qualified(datastore, name), id_type=SQL(datastore.originator_id_type))


def _columns(stored_events: Sequence[StoredEvent]) -> tuple[list[Any], ...]:
    """The events as the four column arrays the statements unnest, in the events' order."""
    return (
        [e.originator_id for e in stored_events],
        [e.originator_version for e in stored_events],
        [e.topic for e in stored_events],
        [e.state for e in stored_events],
    )
