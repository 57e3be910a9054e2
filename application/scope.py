"""What one command of a writer's batch sees: the batch's aggregates, and a
record of what the command touched, so that a refused command can be undone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.aggregate_cache import NEW, WorkingSet

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
Command = Callable[["Scope"], T]


class Scope:
    """What one command sees: the batch's aggregates, and a record of what it touched."""

    def __init__(self, working: WorkingSet) -> None:
        self._working = working
        self.marks: dict[UUID, int] = {}

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate with this id and type, or None if there is none."""
        aggregate = self._working.get(aggregate_id, kind)
        if aggregate is None:
            return None
        self.marks.setdefault(aggregate_id, len(aggregate.pending_events))
        return aggregate if isinstance(aggregate, kind) else None

    def add(self, *aggregates: Aggregate) -> None:
        """Stage new aggregates to be saved with the batch."""
        for aggregate in aggregates:
            self.marks.setdefault(aggregate.id, NEW)
            self._working.items[aggregate.id] = aggregate

    def grown(self) -> list[tuple[UUID, int, int]]:
        """(id, from, to): the pending events this command added, aggregate by aggregate
        in the order it touched them."""
        slices = []
        for aggregate_id, mark in self.marks.items():
            aggregate = self._working.items.get(aggregate_id)
            start = 0 if mark == NEW else mark
            if aggregate is not None and len(aggregate.pending_events) > start:
                slices.append((aggregate_id, start, len(aggregate.pending_events)))
        return slices

    def undo(self, *, everything: bool = False) -> None:
        """Put back every touched aggregate this command changed (or all it touched).

        Rules refuse before triggering events, so an aggregate without new
        events is unchanged; after a fault, everything touched is rebuilt.
        """
        for aggregate_id, mark in self.marks.items():
            aggregate = self._working.items.get(aggregate_id)
            grew = aggregate is not None and len(aggregate.pending_events) > mark
            if everything or mark == NEW or grew:
                self._working.restore(aggregate_id, mark)
