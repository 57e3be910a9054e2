"""A long-lived incident on a real store: snapshotted, and loaded cold in one query."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.application import project_aggregate

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from application.scope import Scope
from application.services import Services
from domain.incident import Incident
from domain.incident_rules import StateRef
from infrastructure.event_recorder import LedgerRecorder
from infrastructure.settings import parse
from infrastructure.wiring import build_services
from tests.application.writing import in_one_batch
from tests.recorded import recorded_incident, state

INTERVAL = Ledger.snapshot_every[Incident]


def filed(services: Services, comments: int) -> tuple[Any, str]:
    """An owner in a new project, and an incident of it with `comments` comments."""
    project = services.projects.create("Long incident")
    key = services.projects.issue_key(project.project_id, "owner", [])
    who = services.auth.authenticate(key.api_key)
    scope = services.scopes.create(who, {"name": "S"})["id"]
    service = services.services.create(who, {"name": "V"})["id"]
    fields = {"scope": scope, "service": service, "name": "Database down"}
    fields |= {"severity": "high", "start_impact_date": "2026-11-01T08:00"}
    number = str(services.incidents.create(who, fields)["id"])
    for n in range(comments):
        services.incidents.comment(who, number, {"comment": f"update {n}"})
    return key.api_key, number


@pytest.fixture
def long_incident(fresh_url: str) -> tuple[str, str]:
    """An incident past its snapshot interval, filed by services since closed."""
    services = build_services(fresh_url)
    try:
        return filed(services, INTERVAL + 5)
    finally:
        services.close()  # also stores the snapshots still queued


def test_a_cold_service_goes_on_where_a_snapshotted_incident_stands(
    fresh_url: str, long_incident: tuple[str, str]
) -> None:
    api_key, number = long_incident
    services = build_services(fresh_url)
    try:
        who = services.auth.authenticate(api_key)
        comment = services.incidents.comment(who, number, {"comment": "after the restart"})
        shown = services.incidents.get(who, number)
        history = services.incidents.history(who, number)
    finally:
        services.close()
    assert comment["id"] == INTERVAL + 6
    assert [c["comment"] for c in shown["comments"]][-2:] == [
        f"update {INTERVAL + 4}",
        "after the restart",
    ]
    assert len(history) == INTERVAL + 7  # created, every comment: none hidden by snapshots


def test_the_incident_has_a_snapshot_at_its_interval(
    fresh_url: str, long_incident: tuple[str, str]
) -> None:
    _, number = long_incident
    ledger = Ledger(env=_env(fresh_url))
    try:
        assert ledger.snapshots is not None
        versions = [
            s.originator_version for s in ledger.snapshots.get(Incident.create_id(int(number)))
        ]
    finally:
        ledger.close()
    assert versions == [INTERVAL]


def _env(url: str) -> dict[str, str]:
    """The event store settings the service uses for this store."""
    return dict(parse(url).event_store_env)


def test_postgres_reads_the_newest_snapshot_and_only_the_events_after_it(pg_url: str) -> None:
    services = build_services(pg_url)
    try:
        _, number = filed(services, 2 * INTERVAL + 5)
    finally:
        services.close()
    ledger = Ledger(env=_env(pg_url))
    try:
        recorder = ledger.recorder
        assert isinstance(recorder, LedgerRecorder)
        snapshot, events = recorder.select_latest(Incident.create_id(int(number)))
        young_snapshot, young_events = recorder.select_latest(
            recorded_incident(ledger, 1, number=424_242).id
        )
        none = recorder.select_latest(Incident.create_id(999_999))
    finally:
        ledger.close()
    assert snapshot is not None
    assert snapshot.originator_version == 2 * INTERVAL
    assert [e.originator_version for e in events] == list(range(2 * INTERVAL + 1, 2 * INTERVAL + 7))
    assert (young_snapshot, [e.originator_version for e in young_events]) == (None, [1, 2])
    assert none == (None, [])


def test_postgres_loads_a_cold_incident_with_one_query_for_snapshot_and_events(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = build_services(pg_url)
    try:
        api_key, number = filed(services, INTERVAL + 5)
    finally:
        services.close()
    asked: list[Any] = []
    real = LedgerRecorder.select_latest_of

    def counted(self: LedgerRecorder, originator_ids: Any) -> Any:
        asked.append(list(originator_ids))
        return real(self, originator_ids)

    monkeypatch.setattr(LedgerRecorder, "select_latest_of", counted)
    monkeypatch.setattr(LedgerRecorder, "select_latest", _refuse)
    monkeypatch.setattr(LedgerRecorder, "select_events", _refuse)
    services = build_services(pg_url)
    try:
        who = services.auth.authenticate(api_key)
        snapshots = services.incidents._ledger.snapshots
        assert snapshots is not None
        monkeypatch.setattr(snapshots, "get", _refuse)
        comment = services.incidents.comment(who, number, {"comment": "cold"})
    finally:
        services.close()
    # The batch's prefetch read it, from its snapshot on: the command found it loaded.
    assert asked == [[Incident.create_id(int(number))]]
    assert comment["id"] == INTERVAL + 6


def test_postgres_reads_several_incidents_from_their_snapshots_in_one_query(
    pg_url: str,
) -> None:
    ledger = Ledger(env=_env(pg_url))
    try:
        twice = recorded_incident(ledger, 2 * INTERVAL + 3, number=1).id
        at_snapshot = recorded_incident(ledger, INTERVAL - 1, number=2).id  # version 100 exactly
        young = recorded_incident(ledger, 1, number=424_242).id
        unknown = Incident.create_id(404)
        ids = [twice, at_snapshot, young, unknown]
        recorder = ledger.recorder
        assert isinstance(recorder, LedgerRecorder)
        many = recorder.select_latest_of([*ids, twice])  # asked twice: read once
        one_by_one = {i: recorder.select_latest(i) for i in ids}
        empty = recorder.select_latest_of([])
    finally:
        ledger.close()
    assert many == one_by_one
    newest = many[twice][0]
    assert newest is not None
    assert newest.originator_version == 2 * INTERVAL
    assert [e.originator_version for e in many[twice][1]] == list(
        range(2 * INTERVAL + 1, 2 * INTERVAL + 5)
    )
    at = many[at_snapshot]
    assert (at[0].originator_version if at[0] else None, at[1]) == (INTERVAL, [])
    assert many[unknown] == (None, [])
    assert empty == {}


def _refuse(*_: Any, **__: Any) -> Any:
    raise AssertionError("the library's two-step load was used")


def test_postgres_loads_a_changed_and_deleted_incident_as_its_whole_history_gives_it(
    pg_url: str,
) -> None:
    ledger = Ledger(env=_env(pg_url))
    try:
        incident = recorded_incident(ledger, INTERVAL + 3, number=31_337)
        incident.revise({"name": "Renamed", "severity": "critical"}, "k")
        incident.transition(StateRef("s-stable", "stable", 3), "2026-11-02T09:00:00Z", [], "k")
        incident.delete("k")
        ledger.record(incident)
        loaded = AggregateCache(ledger, shared=False).load_stored(incident.id, Incident)
        replayed = project_aggregate(None, ledger.events.get(incident.id))
    finally:
        ledger.close()
    assert loaded is not None
    assert loaded.version == incident.version
    assert state(loaded) == state(replayed) == state(incident)


def commenting(incident_id: Any, text: str, *, fail: bool = False) -> Any:
    """A writer command that comments on the incident, then fails if told to."""

    def command(scope: Scope) -> int:
        incident = scope.find(incident_id, Incident)
        assert incident is not None
        number = incident.comment(text, internal=False, actor="k")
        if fail:
            raise RuntimeError("failed after commenting")
        return number

    return command


def test_a_command_failing_on_a_snapshotted_incident_is_undone_from_the_store(
    fresh_url: str, long_incident: tuple[str, str]
) -> None:
    api_key, number = long_incident
    incident_id = Incident.create_id(int(number))
    services = build_services(fresh_url)  # a cold cache: loads from the snapshot on
    try:
        writer = services.incidents._writer
        futures = in_one_batch(
            writer,
            [
                commenting(incident_id, "kept"),
                commenting(incident_id, "undone", fail=True),
                commenting(incident_id, "kept too"),
            ],
        )
        first, third = futures[0].result(timeout=30), futures[2].result(timeout=30)
        with pytest.raises(RuntimeError, match="failed after commenting"):
            futures[1].result(timeout=30)
        who = services.auth.authenticate(api_key)
        shown = services.incidents.get(who, number)
    finally:
        services.close()
    assert (first, third) == (INTERVAL + 6, INTERVAL + 7)
    assert [c["comment"] for c in shown["comments"]][-3:] == [
        f"update {INTERVAL + 4}",
        "kept",
        "kept too",
    ]
