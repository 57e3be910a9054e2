"""The writer's aggregates: a cache it alone uses, and a batch's working set.

No command copies an aggregate: commands of a batch share the objects, and a
command that fails after triggering events has the aggregates it touched
rebuilt from the store plus the batch's earlier events. Most failing commands
trigger nothing (their checks run first) and cost no rebuild.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, project_aggregate
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import Notification

from application.ledger import Ledger
from application.ports import LatestReader, ManyLatestReader

A = TypeVar("A", bound=Aggregate)
log = logging.getLogger(__name__)
CACHE_SIZE = 20_000
NEW = -1  # mark of an aggregate a command created
# Events another process may have recorded between two batches of this one;
# beyond this many, dropping the whole cache is cheaper than reading them.
# (This process's own last batch counts too: up to 256 commands of a few events.)
REFRESH_PAGE = 4_096


class AggregateCache:
    """Recently used aggregates; with other processes writing too, refreshed per batch.

    With a shared store, the writer calls refresh() once it holds the gate
    that lets one batch through at a time: the events recorded since the last
    refresh name every aggregate another process changed or created; a cached
    one is brought up to date or dropped. One query per batch instead of one
    per cached aggregate.
    """

    def __init__(self, app: Ledger, *, shared: bool, size: int = CACHE_SIZE) -> None:
        self._app = app
        self._shared = shared
        self._size = size
        self._items: OrderedDict[UUID, Aggregate] = OrderedDict()
        # Ids known to have no aggregate (e.g. free slugs). Should a writer that
        # skips the gate create one, our create of it fails on save and is
        # retried on fresh state.
        self._absent: OrderedDict[UUID, None] = OrderedDict()
        self._seen: int | None = None  # the last notification refresh() read
        recorder = app.recorder
        self._latest = recorder if isinstance(recorder, LatestReader) else None
        self._many_latest = recorder if isinstance(recorder, ManyLatestReader) else None

    def refresh(self) -> None:
        """Catch up with what other processes recorded since the last call (shared store only).

        The log is read from the last id read, never from our own saves' ids:
        a writer outside the gate may hold a lower id still uncommitted.
        """
        if not self._shared:
            return
        if self._seen is None:
            self._seen = self._app.recorder.max_notification_id() or 0
            self.forget_all()
            return
        page = self._app.recorder.select_notifications(self._seen + 1, REFRESH_PAGE)
        for notification in page:
            self._saw(notification)
        if len(page) == REFRESH_PAGE:
            self.forget_all()
            self._seen = self._app.recorder.max_notification_id() or self._seen
        elif page:
            self._seen = page[-1].id

    def _saw(self, notification: Notification) -> None:
        """Bring a cached aggregate up to another process's event, or drop it.

        Applying the event beats reloading: an incident that collects comments
        from both workers would otherwise be replayed from its last snapshot.
        """
        oid = notification.originator_id
        aggregate_id = oid if isinstance(oid, UUID) else UUID(oid)
        self._absent.pop(aggregate_id, None)
        cached = self._items.get(aggregate_id)
        version = notification.originator_version
        if cached is None or cached.version >= version:
            return
        if cached.version + 1 == version:
            event = self._app.mapper.to_domain_event(notification)
            newer: Aggregate | None = project_aggregate(cached, [event])
            if newer is not None:
                self._items[aggregate_id] = newer
                return
        del self._items[aggregate_id]

    def load(self, aggregate_id: UUID, kind: type[Aggregate] = Aggregate) -> Aggregate | None:
        """The current aggregate (expected of kind), or None when the store has none."""
        cached = self._items.get(aggregate_id)
        if cached is None:
            if aggregate_id in self._absent:
                return None
            stored = self.load_stored(aggregate_id, kind)
            if stored is None:
                self._mark_absent(aggregate_id)
            return stored
        self._items.move_to_end(aggregate_id)
        return cached

    def prefetch(self, wanted: Sequence[tuple[UUID, type[Aggregate]]]) -> None:
        """Load in one query the uncached aggregates a batch's commands will ask for,
        where the store answers many ids at once (from each one's newest snapshot on).

        One round trip instead of one per command inside the writer's turn (a
        state create's slug claim, an updated incident not in the cache: up to
        1 ms each on this 2-core machine under load). Best effort: on a failure
        the commands load what they need themselves.
        """
        if self._many_latest is None:
            return
        ids = [
            aggregate_id
            for aggregate_id in dict.fromkeys(aggregate_id for aggregate_id, _ in wanted)
            if aggregate_id not in self._items and aggregate_id not in self._absent
        ]
        if not ids:
            return
        try:
            found = self._many_latest.select_latest_of(ids)
            loaded = {i: self._from_latest(*found[i]) for i in ids if i in found}
        except Exception:
            # The batch goes on: each command loads what it needs, and only
            # the one whose aggregate cannot be loaded fails.
            log.warning("prefetch of %d aggregates failed", len(ids), exc_info=True)
            return
        for aggregate_id, aggregate in loaded.items():
            if aggregate is None:
                self._mark_absent(aggregate_id)
            else:
                self.keep([aggregate])

    def _mark_absent(self, aggregate_id: UUID) -> None:
        self._absent[aggregate_id] = None
        if len(self._absent) > self._size:
            self._absent.popitem(last=False)

    def load_stored(
        self, aggregate_id: UUID, kind: type[Aggregate] = Aggregate
    ) -> Aggregate | None:
        """The aggregate as stored (expected of kind), ignoring the cache."""
        if not self._app.may_snapshot(kind):
            # The library looks for a snapshot first: a round trip wasted on a
            # kind never snapshotted (a slug's claim), inside the writer's turn.
            # Other kinds: one query where the store can (select_latest).
            loaded: Aggregate | None = project_aggregate(None, self._app.events.get(aggregate_id))
            return loaded
        if self._latest is not None:
            return self._from_latest(*self._latest.select_latest(aggregate_id))
        try:
            aggregate: Aggregate = self._app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate

    def _from_latest(self, snapshot: Any, events: Sequence[Any]) -> Aggregate | None:
        """The aggregate from its newest snapshot (if any) and the events after it."""
        stored = [snapshot, *events] if snapshot is not None else events
        # A snapshot's mutate() makes the aggregate, as the library's repository does.
        loaded: Aggregate | None = project_aggregate(
            None, [self._app.mapper.to_domain_event(e) for e in stored]
        )
        return loaded

    def keep(self, aggregates: list[Aggregate]) -> None:
        """Remember aggregates just saved."""
        for aggregate in aggregates:
            self._absent.pop(aggregate.id, None)
            self._items[aggregate.id] = aggregate
            self._items.move_to_end(aggregate.id)
        while len(self._items) > self._size:
            self._items.popitem(last=False)

    def forget_all(self) -> None:
        """Drop everything (after an unexpected failure)."""
        self._items.clear()
        self._absent.clear()

    def forget(self, aggregate_ids: list[UUID]) -> None:
        """Drop aggregates whose cached state may be wrong."""
        for aggregate_id in aggregate_ids:
            self._items.pop(aggregate_id, None)
            self._absent.pop(aggregate_id, None)


class WorkingSet:
    """The aggregates of one batch; None marks one known to be absent."""

    def __init__(self, cache: AggregateCache) -> None:
        self._cache = cache
        self.items: dict[UUID, Aggregate | None] = {}
        # (id, from, to) slices of pending events, command after command.
        self.happened: list[tuple[UUID, int, int]] = []

    def get(self, aggregate_id: UUID, kind: type[Aggregate] = Aggregate) -> Aggregate | None:
        """The batch's object for this id (expected of kind), loading it once per batch."""
        if aggregate_id not in self.items:
            self.items[aggregate_id] = self._cache.load(aggregate_id, kind)
        return self.items[aggregate_id]

    def loaded(self) -> list[Aggregate]:
        """Every aggregate of the batch (after a save: each as stored)."""
        return [a for a in self.items.values() if a is not None]

    def changed(self) -> list[Aggregate]:
        """Aggregates with events to save."""
        return [a for a in self.items.values() if a is not None and a.pending_events]

    def new_events(self) -> list[Any]:
        """The batch's new events in the order its commands triggered them.

        Aggregate by aggregate, a state renamed by a later command of the
        batch had its rows written before an incident an earlier command moved
        into it: the incident kept the old name as its status. Aggregate by
        aggregate again should any event be outside the commands' record.
        """
        ordered = []
        for aggregate_id, start, end in self.happened:
            aggregate = self.items.get(aggregate_id)
            if aggregate is not None:
                ordered.extend(aggregate.pending_events[start:end])
        changed = self.changed()
        if len(ordered) != sum(len(a.pending_events) for a in changed):
            return [e for a in changed for e in a.pending_events]
        return ordered

    def restore(self, aggregate_id: UUID, mark: int) -> None:
        """Undo a failed command: rebuild the aggregate as it was before the command."""
        current = self.items.get(aggregate_id)
        if mark == NEW or current is None:
            self.items.pop(aggregate_id, None)
            return
        earlier = list(current.pending_events[:mark])
        stored = self._cache.load_stored(aggregate_id)
        rebuilt: Any = project_aggregate(stored, earlier)
        if rebuilt is not None:
            rebuilt._pending_events = earlier
        self.items[aggregate_id] = rebuilt
        self._cache.forget([aggregate_id])
