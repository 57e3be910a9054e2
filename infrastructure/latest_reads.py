"""Loading an aggregate from its newest snapshot and the events after it, in one query.

The library's repository asks twice (the newest snapshot, then the events after
it); inside the writer's turn each round trip is up to a millisecond the other
workers wait. A mixin of infrastructure.event_recorder.LedgerRecorder, told
where the snapshots are by LedgerFactory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Composed


class LatestReads:
    """select_latest() and select_latest_of() on the events' and snapshots' tables."""

    datastore: PostgresDatastore
    events_table: Composed
    latest_statement: Composed | None

    if TYPE_CHECKING:  # the recorder's own, which this mixin must not shadow

        def select_events(
            self,
            originator_id: UUID | str,
            *,
            gt: int | None = None,
            lte: int | None = None,
            desc: bool = False,
            limit: int | None = None,
        ) -> Sequence[StoredEvent]: ...

    def use_snapshots_table(self, table: Composed) -> None:
        """Where the snapshots are, for select_latest() and select_latest_of()
        (LedgerFactory tells)."""
        # Per id (LATERAL), so that each events scan starts at its snapshot's
        # version in the index; a join on the version would read every event
        # of each id and filter afterwards. One id is a list of one.
        id_type = SQL(self.datastore.originator_id_type)
        self.latest_statement = SQL(
            "SELECT x.snapshot, i.id AS originator_id, x.originator_version, x.topic, x.state "
            "FROM (SELECT DISTINCT unnest(%(ids)s::{id_type}[]) AS id) i "
            "LEFT JOIN LATERAL (SELECT originator_version, topic, state FROM {snapshots} "
            "WHERE originator_id = i.id ORDER BY originator_version DESC LIMIT 1) s ON true "
            "CROSS JOIN LATERAL (SELECT true AS snapshot, s.originator_version, s.topic, s.state "
            "WHERE s.originator_version IS NOT NULL UNION ALL "
            "SELECT false, e.originator_version, e.topic, e.state FROM {events} e "
            "WHERE e.originator_id = i.id "
            "AND e.originator_version > coalesce(s.originator_version, 0)) x "
            "ORDER BY i.id, x.snapshot DESC, x.originator_version"
        ).format(snapshots=table, events=self.events_table, id_type=id_type)

    def select_latest_of(
        self, originator_ids: Sequence[UUID]
    ) -> dict[UUID, tuple[StoredEvent | None, list[StoredEvent]]]:
        """select_latest() of several originators in one query (not retried: a prefetch)."""
        if self.latest_statement is None:
            return {}
        rows = self._latest_rows(originator_ids)
        by_id: dict[UUID, list[Any]] = {oid: [] for oid in originator_ids}
        for row in rows:
            by_id[UUID(str(row["originator_id"]))].append(row)  # a uuid column, or text ids
        return {oid: _latest_from(found, oid) for oid, found in by_id.items()}

    def select_latest(self, originator_id: UUID) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """The newest snapshot of the originator and the events after it, in one query."""
        # Retried as the library's selects are: a cold load of an aggregate that
        # may have snapshots would otherwise ask twice (the snapshot, then the
        # events), inside the writer's turn. Not told where the snapshots are,
        # it reads every event (correct, as events are never dropped; only slower).
        if self.latest_statement is None:
            return None, list(self.select_events(originator_id))
        return _latest_from(self._latest_rows_retried([originator_id]), originator_id)

    def _latest_rows(self, originator_ids: Sequence[UUID]) -> list[Any]:
        assert self.latest_statement is not None
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self.latest_statement, {"ids": list(originator_ids)}, prepare=True)
            return curs.fetchall()

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)  # as the library's
    def _latest_rows_retried(self, originator_ids: Sequence[UUID]) -> list[Any]:
        return self._latest_rows(originator_ids)


def _latest_from(
    rows: Sequence[Any], originator_id: UUID
) -> tuple[StoredEvent | None, list[StoredEvent]]:
    """One originator's rows (a snapshot flagged, then events) as stored events."""
    snapshot, events = None, []
    for row in rows:
        stored = StoredEvent(
            originator_id, row["originator_version"], row["topic"], bytes(row["state"])
        )
        if row["snapshot"]:
            snapshot = stored
        else:
            events.append(stored)
    return snapshot, events
