"""Projection: applies new events to the read model, exactly once.

On Postgres a batch's rows are written by the event recorder in the events'
own transaction (RowsAlongside, see infrastructure.event_recorder). Catching
up covers the rest: the log at start-up, other stores (SQLite has no
subscriptions in eventsourcing 9.5.6 and the library's wait() polls, so events
are pulled after every saved batch), and a batch whose rows could not go
alongside. The rows and the tracking position are always written in one
transaction under the projection lock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from psycopg.sql import SQL, Composed

from application.ledger import Ledger
from application.ports import Patch, PatchWhere, Remove, RowChange, Upsert
from infrastructure.databases import Cursor, Database
from infrastructure.grouped_rows import write_changes
from infrastructure.postgres_db import PROJECTION_LOCK

BATCH = 500
NAME = "read_model"


class SqlProjector:
    """The Projector port: pulls notifications and applies their row changes."""

    def __init__(
        self,
        db: Database,
        ledger: Ledger,
        row_changes: Callable[[Any], list[RowChange]],
        keys_changed: Callable[[], None] | None = None,
        *,
        alongside: bool = False,
    ) -> None:
        self._db = db
        self._ledger = ledger
        self._row_changes = row_changes
        # Told once key changes this process saved are in the table (see key_changes);
        # others' changes reach every process by NOTIFY.
        self._keys_changed = keys_changed
        self._m = db.mark
        # alongside: the event recorder takes a save's rows (event_recorder).
        self._alongside = alongside
        self._pending: RowsAlongside | None = None

    def rows_for_save(self, events: Sequence[Any]) -> dict[str, Any]:
        """Save arguments that have the recorder write these events' rows with them."""
        if not self._alongside:
            return {}
        self._pending = RowsAlongside([c for e in events for c in self._row_changes(e)])
        return {"read_model": self._pending}

    def catch_up(self, recent: Sequence[tuple[int, Any]] = ()) -> int:
        """Project every event after the tracked position; return the new position.

        recent: the events this process just saved. If the save wrote their
        rows too, there is nothing to do; otherwise they are applied from
        memory when they follow the tracked position directly (no gap, nobody
        else's events between), or read back from the log like any others.
        """
        pending, self._pending = self._pending, None
        if recent and pending is not None and pending.applied:
            position = recent[-1][0]
        elif pending is not None:
            # The save wrote rows but left the position: earlier events are
            # missing, so recent cannot follow it; read the log.
            position = self._catch_up(())
        else:
            position = self._catch_up(recent)
        # Another process may have projected this process's events first; its
        # own key cache must still hear of them, once they are in the table.
        if self._keys_changed is not None and self._changes_keys(recent):
            self._keys_changed()
        return position

    def _catch_up(self, recent: Sequence[tuple[int, Any]]) -> int:
        if recent:
            position, applied = self._step(recent)
            if applied:
                return position
        while True:
            position, applied = self._step()
            if applied < BATCH:
                return position

    def _changes_keys(self, recent: Sequence[tuple[int, Any]]) -> bool:
        return any(c.table == "api_keys" for _, e in recent for c in self._row_changes(e))

    def _step(self, recent: Sequence[tuple[int, Any]] = ()) -> tuple[int, int]:
        with self._db.writing(pipelined=True) as cur:
            position = self._position(cur)  # the cursor's first statement: see writing()
            if recent:
                if recent[0][0] != position + 1:
                    return position, 0
                events = [(number, event) for number, event in recent]
            else:
                notes = self._ledger.recorder.select_notifications(
                    start=position, limit=BATCH, inclusive_of_start=False
                )
                events = [(n.id, self._ledger.mapper.to_domain_event(n)) for n in notes]
            if events:
                position = events[-1][0]
                for _, event in events:
                    for change in self._row_changes(event):
                        self._apply(cur, change)
            if events or position == 0:  # at 0 the row may be missing: RowsAlongside needs it
                self._track(cur, position)
            return position, len(events)

    def _position(self, cur: Cursor) -> int:
        cur.execute(f"SELECT position FROM projection_tracking WHERE name = {self._m}", (NAME,))
        row = cur.fetchone()
        return int(row[0]) if row else 0

    def _track(self, cur: Cursor, position: int) -> None:
        m = self._m
        cur.execute(
            f"INSERT INTO projection_tracking (name, position) VALUES ({m}, {m}) "
            "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            (NAME, position),
        )

    def _apply(self, cur: Cursor, change: RowChange) -> None:
        apply_change(cur, change, self._m)


class RowsAlongside:
    """A save's read-model rows, for the event recorder to write before its COMMIT.

    The recorder holds the events table's exclusive lock, so the events just
    inserted are the table's last `count`. The position moves to the last of
    them only if it stood right before the first: otherwise some earlier
    events are not projected yet, and the catch-up after the save applies
    them and these again (every row change may be applied twice: each sets
values, and the count triggers work from the old and new row). Until then,
readers may see these rows without the earlier events' rows.
    """

    def __init__(self, changes: list[RowChange]) -> None:
        self._changes = changes
        self._cursor: Any = None

    def write(self, conn: Any, events_table: Composed, count: int) -> None:
        """Queue the rows and the position on conn (in pipeline mode: no waiting)."""
        cur = conn.cursor()
        self._cursor = cur
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (PROJECTION_LOCK,))
        write_changes(cur, self._changes, lambda c, change: apply_change(c, change, "%s"))
        cur.execute(
            SQL(
                "UPDATE projection_tracking SET position = (SELECT max(notification_id) "
                "FROM {events}) WHERE name = %s AND position = coalesce((SELECT "
                "notification_id FROM {events} ORDER BY notification_id DESC OFFSET %s "
                "LIMIT 1), 0)"
            ).format(events=events_table),
            (NAME, count),
            prepare=True,
        )

    @property
    def applied(self) -> bool:
        """Whether the committed save moved the position past its events."""
        return self._cursor is not None and self._cursor.rowcount == 1


def apply_change(cur: Cursor, change: RowChange, m: str) -> None:
    """Run one row change's statement; m is the dialect's parameter mark."""
    if isinstance(change, Upsert):
        cols = list(change.row)
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id")
        cur.execute(
            f"INSERT INTO {change.table} ({names}) VALUES ({', '.join([m] * len(cols))}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            [change.row[c] for c in cols],
        )
    elif isinstance(change, Patch):
        sets = ", ".join(f'"{c}" = {m}' for c in change.values)
        cur.execute(
            f"UPDATE {change.table} SET {sets} WHERE id = {m}",
            [*change.values.values(), change.key],
        )
    elif isinstance(change, PatchWhere):
        sets = ", ".join(f'"{c}" = {m}' for c in change.values)
        cur.execute(
            f'UPDATE {change.table} SET {sets} WHERE "{change.column}" = {m}',
            [*change.values.values(), change.value],
        )
    elif isinstance(change, Remove):
        cur.execute(f"DELETE FROM {change.table} WHERE id = {m}", (change.key,))
