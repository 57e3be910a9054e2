"""A batch loads the uncached aggregates its commands will look for in one query."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import OperationalError

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from application.scope import Scope
from application.state_commands import create_hints
from application.writer import Writer
from domain.slug_claim import SlugClaim
from domain.state_catalog import StateCatalog
from tests.application.writing import FakeProjector


class Reads:
    """What the store was asked: per aggregate (select_events) and many at once."""

    def __init__(self) -> None:
        self.one: list[UUID] = []
        self.many: list[list[UUID]] = []
        self.fail: Exception | None = None


@pytest.fixture
def reads(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    """The in-memory recorder given select_events_of, and both reads counted."""
    seen = Reads()
    recorder: Any = ledger.recorder
    select_events = recorder.select_events

    def one(originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        seen.one.append(originator_id)
        return select_events(originator_id, *args, **kwargs)

    def many(originator_ids: Sequence[UUID]) -> list[Any]:
        if seen.fail is not None:
            raise seen.fail
        seen.many.append(list(originator_ids))
        return [e for oid in originator_ids for e in select_events(oid)]

    monkeypatch.setattr(recorder, "select_events", one)
    monkeypatch.setattr(recorder, "select_events_of", many, raising=False)
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


def test_a_kind_with_snapshots_is_left_to_its_own_load(ledger: Ledger, reads: Reads) -> None:
    catalog = StateCatalog(project_id="p1", actor="cli")
    ledger.record(catalog)
    AggregateCache(ledger, shared=False).prefetch([(catalog.id, StateCatalog)])
    assert reads.many == []


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
