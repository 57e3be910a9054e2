"""The writer's cache loads a kind never snapshotted in one query: no look for a snapshot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from domain.incident import Incident
from domain.slug_claim import SlugClaim
from domain.state_catalog import StateCatalog
from tests.application.test_snapshots import INTERVAL, catalog_at


@pytest.fixture
def snapshot_looks(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """The ids the snapshot store is asked for."""
    assert ledger.snapshots is not None
    asked: list[Any] = []
    real_get = ledger.snapshots.get

    def counted(originator_id: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(originator_id)
        return real_get(originator_id, *args, **kwargs)

    monkeypatch.setattr(ledger.snapshots, "get", counted)
    yield asked


def test_a_claim_loads_without_a_look_for_its_snapshot(
    ledger: Ledger, snapshot_looks: list[Any]
) -> None:
    claim = SlugClaim(slug="db-down", owner_id="s1")
    ledger.record(claim)
    loaded = AggregateCache(ledger, shared=False).load(claim.id, SlugClaim)
    assert isinstance(loaded, SlugClaim)
    assert (loaded.owner_id, loaded.version, snapshot_looks) == ("s1", claim.version, [])


def test_a_missing_claim_is_none_without_a_look_for_its_snapshot(
    ledger: Ledger, snapshot_looks: list[Any]
) -> None:
    cache = AggregateCache(ledger, shared=False)
    assert cache.load(SlugClaim.create_id("free"), SlugClaim) is None
    assert snapshot_looks == []


def test_a_catalog_still_loads_from_its_snapshot(ledger: Ledger, snapshot_looks: list[Any]) -> None:
    catalog = catalog_at(ledger, INTERVAL + 3)
    loaded = AggregateCache(ledger, shared=False).load(catalog.id, StateCatalog)
    assert isinstance(loaded, StateCatalog)
    assert loaded.version == catalog.version
    assert snapshot_looks == [catalog.id]


def test_an_aggregate_of_another_kind_than_expected_still_loads_whole(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL + 3)  # snapshotted, and its events all kept
    loaded = AggregateCache(ledger, shared=False).load(catalog.id, SlugClaim)
    assert isinstance(loaded, StateCatalog)
    assert loaded.state_ids() == catalog.state_ids()


def test_only_the_kinds_with_a_snapshot_interval_and_their_bases_may_have_snapshots(
    ledger: Ledger,
) -> None:
    kinds = (StateCatalog, Aggregate, Incident, SlugClaim)
    assert [ledger.may_snapshot(kind) for kind in kinds] == [True, True, True, False]
