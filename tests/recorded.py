"""Incidents recorded straight on a ledger, and a stand-in for the Postgres recorder's
one-query loads from the newest snapshot, for the tests of snapshots and prefetch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from domain.incident import Incident
from tests.builders import new_incident


def recorded_incident(ledger: Ledger, comments: int = 0, *, number: int = 7) -> Incident:
    """An incident recorded with `comments` comments, one save each (so snapshots
    are taken where its version crosses its interval)."""
    incident = new_incident(number=number)
    ledger.record(incident)
    for n in range(comments):
        incident.comment(f"update {n}", internal=n % 2 == 0, actor="bot")
        ledger.record(incident)
    return incident


def state(aggregate: Any) -> dict[str, Any]:
    """What an aggregate holds, for comparison."""
    return {k: v for k, v in vars(aggregate).items() if k != "_pending_events"}


class LatestFromStores:
    """select_latest() and select_latest_of() answered from an in-memory ledger's
    two stores, as the Postgres recorder answers them in one query; calls counted."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self.one: list[UUID] = []
        self.many: list[list[UUID]] = []
        self.fail: Exception | None = None  # what select_latest_of raises, if set

    def install(self, monkeypatch: Any) -> LatestFromStores:
        """Give the ledger's recorder both methods (before a cache is made on it)."""
        recorder: Any = self._ledger.recorder
        monkeypatch.setattr(recorder, "select_latest", self.select_latest, raising=False)
        monkeypatch.setattr(recorder, "select_latest_of", self.select_latest_of, raising=False)
        return self

    def select_latest(self, originator_id: UUID) -> tuple[Any, list[Any]]:
        self.one.append(originator_id)
        return self._latest(originator_id)

    def select_latest_of(self, originator_ids: Sequence[UUID]) -> dict[UUID, tuple[Any, list[Any]]]:
        if self.fail is not None:
            raise self.fail
        self.many.append(list(originator_ids))
        return {oid: self._latest(oid) for oid in originator_ids}

    def _latest(self, originator_id: UUID) -> tuple[Any, list[Any]]:
        assert self._ledger.snapshots is not None
        snapshots = self._ledger.snapshots.recorder
        newest = list(snapshots.select_events(originator_id, desc=True, limit=1))
        after = newest[0].originator_version if newest else None
        events = list(self._ledger.recorder.select_events(originator_id, gt=after))
        return (newest[0] if newest else None), events
