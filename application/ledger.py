"""The event-sourced application: one store for every aggregate of the service."""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application

from domain.incident_state import IncidentState
from domain.state_catalog import StateCatalog


class Ledger(Application[UUID]):
    """Records every event of incident-ledger in one ordered log."""

    name = "IncidentLedger"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {
        StateCatalog: 50,
        IncidentState: 50,
    }

    def events_of(self, aggregate_id: UUID) -> list[Any]:
        """Every stored event of one aggregate, in version order."""
        return list(self.events.get(aggregate_id))
