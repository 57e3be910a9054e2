"""The event store's recorders: snapshots, and (Postgres) many aggregates read at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from application.ports import ManyLatestReader
from domain.slug_claim import SlugClaim
from infrastructure.event_recorder import SnapshotRecorder
from infrastructure.settings import parse
from tests.application.test_snapshots import INTERVAL, catalog_at, snapshot_versions


def opened(url: str) -> Iterator[Ledger]:
    """The event store on the store at url, closed after the test."""
    app = Ledger(env=parse(url).event_store_env)
    yield app
    app.close()


@pytest.fixture
def ledger(fresh_url: str) -> Iterator[Ledger]:
    """The event store on a new SQLite or Postgres store."""
    yield from opened(fresh_url)


def test_a_catalog_snapshot_is_stored_and_loads_as_it_was(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL + 3)
    assert snapshot_versions(ledger, catalog.id) == [INTERVAL]
    loaded = ledger.repository.get(catalog.id)
    assert (loaded.version, loaded.entries) == (catalog.version, catalog.entries)
    assert (loaded.names, loaded.orders) == (catalog.names, catalog.orders)


def test_a_snapshot_keeps_its_bytes_whole(ledger: Ledger) -> None:
    catalog = catalog_at(ledger, INTERVAL - 1)
    catalog.admit("odd", "Ünïcode \\x00 \\\\ 'quoted' \"name\"", None, {}, "k")
    ledger.record(catalog)
    assert ledger.repository.get(catalog.id).entries["odd"] == catalog.entries["odd"]


@pytest.fixture
def pg_ledger(pg_url: str) -> Iterator[Ledger]:
    """The event store on a new Postgres store."""
    yield from opened(pg_url)


def test_postgres_stores_snapshots_through_its_binary_insert(pg_ledger: Ledger) -> None:
    assert pg_ledger.snapshots is not None
    assert isinstance(pg_ledger.snapshots.recorder, SnapshotRecorder)
    catalog = catalog_at(pg_ledger, INTERVAL + 1)
    assert pg_ledger.repository.get(catalog.id).entries == catalog.entries


def test_postgres_reads_the_events_of_many_aggregates_in_one_query(pg_ledger: Ledger) -> None:
    ledger, recorder = pg_ledger, pg_ledger.recorder
    assert isinstance(recorder, ManyLatestReader)
    first, second = SlugClaim(slug="a", owner_id="s1"), SlugClaim(slug="b", owner_id="s2")
    second.release()
    ledger.record(first, second)
    free = SlugClaim.create_id("c")
    stored = recorder.select_latest_of([second.id, free, first.id])
    got = {
        oid: (snap, [e.originator_version for e in events])
        for oid, (snap, events) in stored.items()
    }
    assert got == {first.id: (None, [1]), second.id: (None, [1, 2]), free: (None, [])}


def test_prefetched_claims_load_as_stored_on_either_store(ledger: Ledger) -> None:
    released = SlugClaim(slug="a", owner_id="s1")
    released.release()
    ledger.record(released)
    free = SlugClaim.create_id("b")
    cache = AggregateCache(ledger, shared=False)
    cache.prefetch([(released.id, SlugClaim), (free, SlugClaim)])
    loaded = cache.load(released.id, SlugClaim)
    assert loaded is not None
    assert (loaded.version, loaded.owner_id) == (2, None)
    assert cache.load(free, SlugClaim) is None
