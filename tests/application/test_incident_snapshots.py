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


class LatestFromStores:
    """A recorder that answers select_latest() from the ledger's two stores, as the
    Postgres recorder does in one query."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._recorder = ledger.recorder
        self.asked: list[Any] = []

    def select_latest(self, originator_id: Any) -> tuple[Any, list[Any]]:
        self.asked.append(originator_id)
        assert self._ledger.snapshots is not None
        newest = list(
            self._ledger.snapshots.recorder.select_events(originator_id, desc=True, limit=1)
        )
        after = newest[0].originator_version if newest else None
        events = list(self._recorder.select_events(originator_id, gt=after))
        return (newest[0] if newest else None), events

    def select_latest_of(self, originator_ids: Any) -> dict[Any, tuple[Any, list[Any]]]:
        return {oid: self.select_latest(oid) for oid in originator_ids}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._recorder, name)


def cache_reading_latest(ledger: Ledger, monkeypatch: Any) -> tuple[AggregateCache, Any]:
    """A cache whose store reads snapshot and events together."""
    latest = LatestFromStores(ledger)
    monkeypatch.setattr(ledger, "recorder", latest)
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
    assert latest.asked == [incident.id]
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
