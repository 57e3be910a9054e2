"""Incidents are snapshotted too: a long-lived one loads without replaying its whole life."""

from __future__ import annotations

from typing import Any

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from domain.incident import Incident
from tests.recorded import LatestFromStores, recorded_incident, state

INTERVAL = Ledger.snapshot_every[Incident]
incident_with_comments = recorded_incident


def snapshot_versions(ledger: Ledger, incident: Incident) -> list[int]:
    """The versions of the incident's stored snapshots."""
    assert ledger.snapshots is not None
    return [s.originator_version for s in ledger.snapshots.get(incident.id)]


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


def test_a_detached_snapshot_keeps_the_saved_incident_while_it_changes(ledger: Ledger) -> None:
    incident = incident_with_comments(ledger, INTERVAL - 2)
    incident.comment("the one that makes it due", internal=False, actor="bot")
    ledger.record(incident, defer_snapshots=True)
    detached = ledger.detach_snapshots()
    incident.comment("later", internal=False, actor="bot")  # saved by the next batch
    incident.revise({"name": "Renamed"}, "k")
    ledger.store_snapshots(detached)
    assert snapshot_versions(ledger, incident) == [INTERVAL]
    loaded = ledger.repository.get(incident.id, version=INTERVAL)
    assert (loaded.name, loaded.comment_count) == ("Database down", INTERVAL - 1)


def test_an_incidents_attributes_are_those_its_stored_snapshots_hold(ledger: Ledger) -> None:
    # Changing this set needs a class_version and an upcast of older snapshots
    # (see Incident's docstring): this test is the reminder.
    incident = incident_with_comments(ledger, 0)
    assert sorted(state(incident)) == [
        "_created_on",
        "_id",
        "_modified_on",
        "_version",
        "comment_count",
        "deleted",
        "description",
        "external_link",
        "external_reference",
        "investigation_date",
        "name",
        "number",
        "project_id",
        "resolve_date",
        "scope_id",
        "service_id",
        "severity",
        "stable_date",
        "start_impact_date",
        "state_id",
        "status",
    ]


def cache_reading_latest(
    ledger: Ledger, monkeypatch: Any
) -> tuple[AggregateCache, LatestFromStores]:
    """A cache whose store reads snapshot and events together."""
    latest = LatestFromStores(ledger).install(monkeypatch)
    return AggregateCache(ledger, shared=False), latest


def test_a_cold_load_from_the_newest_snapshot_and_the_events_after_it_equals_the_incident(
    ledger: Ledger, monkeypatch: Any
) -> None:
    incident = incident_with_comments(ledger, 2 * INTERVAL + 5)
    incident.revise({"name": "Renamed"}, "k")
    incident.delete("k")
    ledger.record(incident)
    cache, latest = cache_reading_latest(ledger, monkeypatch)
    loaded = cache.load(incident.id, Incident)
    assert latest.one == [incident.id]
    assert state(loaded) == state(incident)


def test_a_cold_load_without_a_snapshot_replays_the_events(
    ledger: Ledger, monkeypatch: Any
) -> None:
    incident = incident_with_comments(ledger, 3)
    cache, _ = cache_reading_latest(ledger, monkeypatch)
    assert state(cache.load(incident.id, Incident)) == state(incident)


def test_a_cold_load_of_an_unknown_incident_finds_none(ledger: Ledger, monkeypatch: Any) -> None:
    cache, _ = cache_reading_latest(ledger, monkeypatch)
    assert cache.load(Incident.create_id(404), Incident) is None
