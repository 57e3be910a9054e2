"""The writer's aggregate cache on a store other processes write to: each batch
first reads what they recorded since the last one, and drops what they changed."""

from __future__ import annotations

from collections.abc import Iterator
from uuid import UUID

import pytest

from application import aggregate_cache
from application.aggregate_cache import AggregateCache
from application.ledger import Ledger
from domain.catalog_item import Scope
from infrastructure.settings import parse

Pair = tuple[Ledger, Ledger]


@pytest.fixture
def ledgers(fresh_url: str) -> Iterator[Pair]:
    """Two event-sourced applications on one store, like two workers' writers."""
    env = parse(fresh_url).event_store_env
    pair = (Ledger(env=env), Ledger(env=env))
    yield pair
    for ledger in pair:
        ledger.close()


def new_scope(number: int) -> Scope:
    """An unsaved scope numbered number."""
    return Scope.start(number, "project", "key", {"name": f"scope {number}"})


def cache_on(ledger: Ledger) -> AggregateCache:
    """A shared-mode cache, refreshed once as the writer does on its first batch."""
    cache = AggregateCache(ledger, shared=True)
    cache.refresh()
    return cache


def renamed_elsewhere(theirs: Ledger, scope: Scope, *names: str) -> None:
    """Another process renames the stored scope once per name."""
    changed = theirs.repository.get(scope.id)
    for name in names:
        changed.revise({"name": name}, "other key")
    theirs.save(changed)


def version_of(cache: AggregateCache, aggregate_id: UUID) -> int | None:
    """The version the cache hands out, or None for no aggregate."""
    loaded = cache.load(aggregate_id)
    return None if loaded is None else loaded.version


def test_an_aggregate_changed_by_another_process_is_loaded_afresh(ledgers: Pair) -> None:
    mine, theirs = ledgers
    scope = new_scope(1)
    mine.save(scope)
    cache = cache_on(mine)
    cache.keep([scope])
    renamed_elsewhere(theirs, scope, "renamed")
    cache.refresh()
    assert version_of(cache, scope.id) == 2


def test_another_process_events_are_applied_to_the_cached_aggregate(ledgers: Pair) -> None:
    mine, theirs = ledgers
    scope = new_scope(9)
    mine.save(scope)
    cache = cache_on(mine)
    cache.keep([scope])
    renamed_elsewhere(theirs, scope, "once", "twice")
    cache.refresh()
    loaded = cache.load(scope.id)
    assert loaded is scope
    assert (scope.version, scope.name) == (3, "twice")


def test_an_aggregate_created_by_another_process_after_a_miss_is_found(ledgers: Pair) -> None:
    mine, theirs = ledgers
    cache = cache_on(mine)
    scope = new_scope(2)
    assert version_of(cache, scope.id) is None
    theirs.save(scope)
    cache.refresh()
    assert version_of(cache, scope.id) == 1


def test_a_miss_is_remembered_until_another_process_creates_it(ledgers: Pair) -> None:
    mine, theirs = ledgers
    cache = cache_on(mine)
    scope = new_scope(3)
    assert version_of(cache, scope.id) is None
    theirs.save(scope)
    # Not refreshed yet: the writer refreshes only once it holds the gate.
    assert version_of(cache, scope.id) is None


def test_this_process_own_saves_stay_cached_across_a_refresh(ledgers: Pair) -> None:
    mine, _ = ledgers
    cache = cache_on(mine)
    scope = new_scope(4)
    mine.save(scope)
    cache.keep([scope])
    cache.refresh()
    assert cache.load(scope.id) is scope


def test_more_changes_than_a_page_drop_the_whole_cache(
    ledgers: Pair, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, theirs = ledgers
    monkeypatch.setattr(aggregate_cache, "REFRESH_PAGE", 2)
    kept = new_scope(5)
    mine.save(kept)
    cache = cache_on(mine)
    cache.keep([kept])
    theirs.save(new_scope(6), new_scope(7), new_scope(8))
    cache.refresh()
    assert cache.load(kept.id) is not kept
    assert version_of(cache, kept.id) == 1
