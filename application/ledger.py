"""The event-sourced application: one store for every aggregate of the service."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import InterfaceError, OperationalError, Recording

from application.errors import StoreUnavailable
from domain.incident import Incident
from domain.incident_state import IncidentState
from domain.state_catalog import StateCatalog

log = logging.getLogger(__name__)


class Ledger(Application[UUID]):
    """Records every event of incident-ledger in one ordered log."""

    name = "IncidentLedger"
    is_snapshotting_enabled = True
    # Not the library's `snapshotting_intervals`: it reloads the aggregate from
    # the store to snapshot it (a 200-event replay of a catalog inside the
    # write path); record() snapshots the aggregate already in memory instead.
    # The interval is a floor: once this process has snapshotted an aggregate
    # with a `snapshot_size()`, the next waits for half that many events, so a
    # project with thousands of states does not write its whole catalog every
    # 200 changes: a snapshot costs its size, spread over the events since the
    # last one (about 2 entries per event), and a load replays at most that many.
    # An incident that collects comments for weeks (an on-call bot posting every
    # few minutes) would otherwise be replayed whole on every cold load, inside
    # the writer's turn: 1,000 events took 24-28 ms here, 3,000 took 69-77 ms.
    snapshot_every: ClassVar[dict[type[Any], int]] = {
        StateCatalog: 200,
        IncidentState: 50,
        Incident: 100,
    }

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        super().__init__(env=env)
        # The last version this process snapshotted (or tried to) per aggregate:
        # the next is due an interval later, failed or not, so a snapshot store
        # that keeps refusing is not asked again on every save.
        self._snapshotted: dict[UUID, int] = {}
        # Recorded, snapshot not yet stored: each with the version it was saved at.
        self._due: dict[UUID, tuple[Aggregate, int]] = {}

    def record(
        self,
        *aggregates: Aggregate,
        in_order: Sequence[Any] = (),
        defer_snapshots: bool = False,
        **kwargs: Any,
    ) -> list[Recording[UUID]]:
        """Save the aggregates' new events in one write, then snapshot those due
        (deferred: when take_snapshots() is called, before they change again).

        in_order: the same events in the order they are to be logged (the
        order they happened); by default, aggregate by aggregate.
        """
        due = {a.id for a in aggregates if self._snapshot_due(a)}
        recordings = self._save_aggregates(aggregates, in_order, kwargs)
        for aggregate in aggregates:  # a later save of a due one moves its stored version
            if aggregate.id in due or aggregate.id in self._due:
                self._due[aggregate.id] = (aggregate, aggregate.version)
        if not defer_snapshots:
            self.take_snapshots()
        return recordings

    def _save_aggregates(
        self, aggregates: tuple[Aggregate, ...], in_order: Sequence[Any], kwargs: dict[str, Any]
    ) -> list[Recording[UUID]]:
        """Application.save() for aggregates only, as the library does it (9.5.6).

        save() asks of every object whether it is an event or an aggregate by
        isinstance() against two runtime protocols: 22 us per aggregate on
        Python 3.11 here, over a millisecond for a batch of 50, inside the
        writer's turn. Without snapshotting_intervals, its snapshot step and
        the deprecated notify() do nothing, so they are left out.
        """
        processing: ProcessingEvent[UUID] = ProcessingEvent()
        events = [e for aggregate in aggregates for e in aggregate.pending_events]
        if in_order:
            if sorted(map(id, in_order)) != sorted(map(id, events)):
                raise ValueError("in_order must hold exactly the aggregates' new events")
            events = list(in_order)
        for aggregate in aggregates:
            aggregate.collect_events()
            processing.aggregates[aggregate.id] = aggregate
        processing.events.extend(events)
        processing.saved_kwargs.update(kwargs)
        recordings = self._record(processing)
        self._notify(recordings)
        return recordings

    def take_snapshots(self) -> None:
        """Store now the snapshots record() found due (see detach_snapshots)."""
        self.store_snapshots(self.detach_snapshots())

    def detach_snapshots(self) -> list[Any]:
        """The snapshots record() found due, of the aggregates as they are now,
        each free of its aggregate: storing it may wait while the aggregate changes.

        One that is no longer as it was saved is left out: a later command of
        a batch rerun one by one may have changed the same object, and its
        save failed (the version then counts events the store never got), or
        it is still pending. Its snapshot would hold what was never stored;
        the next is due an interval later.
        """
        due, self._due = self._due, {}
        detached = []
        for aggregate, saved in due.values():
            if aggregate.version == saved and not aggregate.pending_events:
                # The next is due an interval later, whether this one is stored or not.
                if hasattr(aggregate, "snapshot_size"):
                    self._snapshotted[aggregate.id] = aggregate.version
                detached.append(_detached_snapshot(aggregate))
        return detached

    def store_snapshots(self, snapshots: list[Any]) -> None:
        """Store snapshots; one that fails is logged, never raised.

        The events are stored: a snapshot is only a shortcut for later loads,
        so failing to write one must not fail the write that made it due.
        """
        assert self.snapshots is not None  # is_snapshotting_enabled
        for snapshot in snapshots:
            try:
                self.snapshots.put([snapshot])
            except Exception as error:  # noqa: BLE001 - see above
                oid, version = snapshot.originator_id, snapshot.originator_version
                log.warning("snapshot of %s v%s not stored: %s", oid, version, error)

    def may_snapshot(self, kind: type[Aggregate]) -> bool:
        """Whether an aggregate of this kind (or a subclass) may have snapshots stored."""
        return any(issubclass(snapshotted, kind) for snapshotted in self.snapshot_every)

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of one aggregate, in version order."""
        try:
            return list(self.events.get(aggregate_id))
        except (OperationalError, InterfaceError) as error:
            raise StoreUnavailable(f"database unavailable: {error}") from error

    def _snapshot_due(self, aggregate: Aggregate) -> bool:
        floor = self.snapshot_every.get(type(aggregate))
        if not floor:
            return False
        size = getattr(aggregate, "snapshot_size", None)
        # Only a kind whose interval grows with its size needs to remember its
        # last snapshot; the others snapshot where they cross a multiple of the
        # floor, which every worker agrees on (one snapshot per interval, not
        # one per worker) and which costs no entry per aggregate.
        last = self._snapshotted.get(aggregate.id) if size is not None else None
        if size is None or last is None:  # the multiples of the floor
            before = aggregate.version - len(aggregate.pending_events)
            return aggregate.version // floor > before // floor
        interval: int = max(floor, size() // 2)
        return aggregate.version - last >= interval


def _detached_snapshot(aggregate: Aggregate) -> Any:
    """The aggregate's snapshot, sharing no dict or list with it.

    The library's take() copies the attributes, not the dicts and lists they
    hold, which the aggregate goes on changing. One level of copies is enough:
    the aggregates snapshotted here (see Ledger.snapshot_every) replace their
    nested values (a catalog's entries), never change them in place.
    """
    snapshot = type(aggregate).Snapshot.take(aggregate)
    state: dict[str, Any] = snapshot.state
    for name, value in state.items():
        if isinstance(value, dict):
            state[name] = dict(value)
        elif isinstance(value, list):
            state[name] = list(value)
    return snapshot
