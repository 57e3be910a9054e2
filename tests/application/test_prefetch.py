"""A batch loads the uncached aggregates its commands will look for in one query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from application.access import Principal
from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from application.scope import Scope
from application.services import Services
from application.state_commands import create_hints
from application.writer import Writer
from domain.incident import Incident
from domain.slug_claim import SlugClaim
from tests.application.incident_support import fields, open_incident, refs
from tests.application.writing import FakeProjector
from tests.recorded import LatestFromStores, recorded_incident


class Reads:
    """What the store was asked: per aggregate (select_events) and many at once."""

    def __init__(self) -> None:
        self.one: list[UUID] = []
        self.many: list[list[UUID]] = []
        self.fail: Exception | None = None


@pytest.fixture
def reads(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    """The in-memory recorder given select_latest_of (no snapshots of these kinds:
    every event), and both reads counted."""
    seen = Reads()
    recorder: Any = ledger.recorder
    select_events = recorder.select_events

    def one(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        seen.one.append(originator_id)
        return select_events(originator_id, *args, **kwargs)

    def many(originator_ids: Sequence[UUID]) -> dict[UUID, tuple[Any, list[Any]]]:
        if seen.fail is not None:
            raise seen.fail
        seen.many.append(list(originator_ids))
        return {oid: (None, list(select_events(oid))) for oid in originator_ids}

    monkeypatch.setattr(recorder, "select_events", one)
    monkeypatch.setattr(recorder, "select_latest_of", many, raising=False)
    yield seen


def claimed(ledger: Ledger, slug: str) -> SlugClaim:
    claim = SlugClaim(slug=slug, owner_id="s1")
    ledger.record(claim)
    return claim


def test_a_batch_asks_for_its_claims_in_one_query(ledger: Ledger, reads: Reads) -> None:
    taken = claimed(ledger, "db-down").id
    free = SlugClaim.create_id("api-slow")
    AggregateCache(ledger, shared=False).prefetch([(taken, SlugClaim), (free, SlugClaim)])
    assert (reads.many, reads.one) == ([[taken, free]], [])


def test_a_prefetched_claim_and_a_free_slug_load_without_a_query(
    ledger: Ledger, reads: Reads
) -> None:
    taken = claimed(ledger, "db-down")
    free = SlugClaim.create_id("api-slow")
    cache = AggregateCache(ledger, shared=False)
    cache.prefetch([(taken.id, SlugClaim), (free, SlugClaim)])
    loaded = cache.load(taken.id, SlugClaim)
    assert isinstance(loaded, SlugClaim)
    assert (loaded.owner_id, loaded.version) == ("s1", taken.version)
    assert cache.load(free, SlugClaim) is None
    assert reads.one == []


def test_what_is_cached_or_known_missing_is_not_asked_for_again(
    ledger: Ledger, reads: Reads
) -> None:
    taken = claimed(ledger, "db-down").id
    free = SlugClaim.create_id("api-slow")
    cache = AggregateCache(ledger, shared=False)
    cache.prefetch([(taken, SlugClaim), (free, SlugClaim)])
    cache.prefetch([(taken, SlugClaim), (free, SlugClaim), (taken, SlugClaim)])
    assert reads.many == [[taken, free]]


def test_without_a_reader_of_many_nothing_is_prefetched(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = claimed(ledger, "db-down")
    asked: list[UUID] = []
    recorder: Any = ledger.recorder
    select_events = recorder.select_events

    def one(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        asked.append(originator_id)
        return select_events(originator_id, *args, **kwargs)

    monkeypatch.setattr(recorder, "select_events", one)
    cache = AggregateCache(ledger, shared=False)
    cache.prefetch([(taken.id, SlugClaim)])
    assert asked == []
    assert cache.load(taken.id, SlugClaim) is not None
    assert asked == [taken.id]


@pytest.mark.parametrize(
    "failure", [OperationalError("server closed the connection"), ValueError("cannot decode")]
)
def test_after_a_failed_prefetch_each_command_loads_what_it_needs(
    ledger: Ledger, reads: Reads, failure: Exception
) -> None:
    taken = claimed(ledger, "db-down")
    cache = AggregateCache(ledger, shared=False)
    reads.fail = failure
    cache.prefetch([(taken.id, SlugClaim)])
    loaded = cache.load(taken.id, SlugClaim)
    assert loaded is not None
    assert loaded.version == taken.version
    assert reads.one == [taken.id]


def test_the_writer_prefetches_a_jobs_hints_before_its_command_runs(
    ledger: Ledger, projector: FakeProjector, reads: Reads
) -> None:
    taken = claimed(ledger, "db-down")
    seen: list[list[UUID]] = []

    def command(scope: Scope) -> None:
        seen.extend(reads.many)
        assert scope.find(taken.id, SlugClaim) is not None

    writer = Writer(ledger, projector)
    try:
        writer.run(command, prefetch=[(taken.id, SlugClaim)])
    finally:
        writer.close()
    assert (seen, reads.one) == ([[taken.id]], [])


@pytest.mark.parametrize(
    ("values", "slug"),
    [
        ({"name": "  DB Down! "}, "db-down"),
        ({"name": "DB Down", "slug": "database"}, "database"),
        ({"name": "DB Down", "slug": None}, "db-down"),
    ],
)
def test_a_state_create_hints_the_slug_it_will_look_for_first(
    values: dict[str, Any], slug: str
) -> None:
    assert create_hints(values) == [(SlugClaim.create_id(slug), SlugClaim)]


@pytest.mark.parametrize(
    "values",
    [{}, {"name": 7}, {"name": None, "slug": 3}, {"name": "X", "slug": "\ud800"}, {"slug": "Bad!"}],
)
def test_a_create_with_no_usable_name_hints_nothing(values: dict[str, Any]) -> None:
    assert create_hints(values) == []


@pytest.fixture
def latest(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> LatestFromStores:
    """The in-memory recorder given select_latest and select_latest_of, both counted."""
    return LatestFromStores(ledger).install(monkeypatch)


def test_a_batch_asks_for_its_incidents_from_their_snapshots_in_one_query(
    ledger: Ledger, latest: LatestFromStores
) -> None:
    snapshotted = recorded_incident(ledger, number=1, comments=Ledger.snapshot_every[Incident] + 3)
    young = recorded_incident(ledger, number=2, comments=2)
    unknown = Incident.create_id(404)
    cache = AggregateCache(ledger, shared=False)
    cache.prefetch([(snapshotted.id, Incident), (young.id, Incident), (unknown, Incident)])
    loaded = [cache.load(i, Incident) for i in (snapshotted.id, young.id, unknown)]
    assert latest.many == [[snapshotted.id, young.id, unknown]]
    assert latest.one == []
    assert [a.version if a else None for a in loaded] == [snapshotted.version, young.version, None]


def test_after_a_failed_prefetch_an_incident_is_loaded_by_its_command(
    ledger: Ledger, latest: LatestFromStores
) -> None:
    incident = recorded_incident(ledger, number=1, comments=3)
    cache = AggregateCache(ledger, shared=False)
    latest.fail = OperationalError("server closed the connection")
    cache.prefetch([(incident.id, Incident)])
    loaded = cache.load(incident.id, Incident)
    assert loaded is not None
    assert loaded.version == incident.version
    assert latest.one == [incident.id]


def test_an_incident_update_and_a_comment_hint_the_incident_they_change(
    memory_services: Services, who: Principal, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = refs(memory_services, who)
    number = open_incident(memory_services, who, ids)
    hints: list[list[Any]] = []
    real = Writer.run

    def run(self: Writer, command: Any, **kwargs: Any) -> Any:
        hints.append(list(kwargs.get("prefetch", ())))
        return real(self, command, **kwargs)

    monkeypatch.setattr(Writer, "run", run)
    memory_services.incidents.comment(who, number, {"comment": "still down"})
    memory_services.incidents.update(who, number, fields(ids, status="active", name="Renamed"))
    assert hints == [[(Incident.create_id(int(number)), Incident)]] * 2
