"""Incidents are snapshotted too: a long-lived one loads without replaying its whole life."""

from __future__ import annotations

from typing import Any

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from domain.incident import Incident

INTERVAL = Ledger.snapshot_every[Incident]


def incident_with_comments(ledger: Ledger, comments: int) -> Incident:
    """An incident recorded with `comments` comments, one save each."""
    incident = Incident(
        number=7,
        project_id="p",
        actor="k",
        scope_id=1,
        service_id=2,
        name="Database down",
        description=None,
        external_reference=None,
        external_link=None,
        severity="high",
        state_id="s-active",
        status="active",
        start_impact_date="2026-11-01T08:00:00Z",
    )
    ledger.record(incident)
    for n in range(comments):
        incident.comment(f"update {n}", internal=n % 2 == 0, actor="bot")
        ledger.record(incident)
    return incident


def snapshot_versions(ledger: Ledger, incident: Incident) -> list[int]:
    """The versions of the incident's stored snapshots."""
    assert ledger.snapshots is not None
    return [s.originator_version for s in ledger.snapshots.get(incident.id)]


def state(incident: Any) -> dict[str, Any]:
    """What an incident holds, for comparison."""
    return {k: v for k, v in vars(incident).items() if k != "_pending_events"}


def test_an_incident_is_snapshotted_once_it_passes_its_interval(ledger: Ledger) -> None:
    incident = incident_with_comments(ledger, INTERVAL + 5)
    assert snapshot_versions(ledger, incident) == [INTERVAL]


def test_a_young_incident_has_no_snapshot(ledger: Ledger) -> None:
    incident = incident_with_comments(ledger, INTERVAL - 2)
    assert snapshot_versions(ledger, incident) == []


def test_an_incident_loaded_from_its_snapshot_equals_the_one_in_memory(ledger: Ledger) -> None:
    incident = incident_with_comments(ledger, INTERVAL + 5)
    loaded = AggregateCache(ledger, shared=False).load_stored(incident.id, Incident)
    assert isinstance(loaded, Incident)
    assert state(loaded) == state(incident)
    assert loaded.comment_count == INTERVAL + 5


def test_its_history_keeps_every_event_whatever_the_snapshots(ledger: Ledger) -> None:
    incident = incident_with_comments(ledger, INTERVAL + 5)
    assert [e.originator_version for e in ledger.events_of(incident.id)] == list(
        range(1, INTERVAL + 7)
    )
