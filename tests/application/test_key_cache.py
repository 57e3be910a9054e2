"""The key cache: a key is looked up again whenever the generation moves or is unknown."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from application import key_cache
from application.key_cache import KeyCache
from application.ports import KeyRecord

OWNER = KeyRecord("key-1", "project-1", "owner", ())


@dataclass
class Store:
    """find_key over a dict, counting lookups."""

    keys: dict[str, KeyRecord] = field(default_factory=lambda: {"hash-1": OWNER})
    lookups: int = 0

    def find_key(self, key_hash: str) -> KeyRecord | None:
        self.lookups += 1
        return self.keys.get(key_hash)


@dataclass
class Changes:
    """A generation the test moves by hand; None means 'cannot tell'."""

    current: int | None = 1

    def generation(self) -> int | None:
        return self.current


@dataclass
class Clock:
    now: float = 100.0

    def __call__(self) -> float:
        return self.now


def cache(store: Store, changes: Changes, clock: Clock | None = None) -> KeyCache:
    return KeyCache(store, changes, ttl=60.0, clock=clock or Clock())


def test_a_key_is_looked_up_once_while_the_generation_holds() -> None:
    store = Store()
    keys = cache(store, Changes())
    found = [keys.find_key("hash-1") for _ in range(5)]
    assert found == [OWNER] * 5
    assert store.lookups == 1


def test_a_moved_generation_makes_the_next_request_look_the_key_up_again() -> None:
    store, changes = Store(), Changes()
    keys = cache(store, changes)
    keys.find_key("hash-1")
    del store.keys["hash-1"]  # revoked
    changes.current = 2
    assert keys.find_key("hash-1") is None
    assert store.lookups == 2


def test_nothing_is_cached_while_changes_cannot_be_followed() -> None:
    store = Store()
    keys = cache(store, Changes(current=None))
    keys.find_key("hash-1")
    keys.find_key("hash-1")
    assert store.lookups == 2


def test_an_entry_read_before_the_listener_reconnected_is_not_trusted_after() -> None:
    store, changes = Store(), Changes(current=None)
    keys = cache(store, changes)
    keys.find_key("hash-1")
    changes.current = 7
    keys.find_key("hash-1")
    keys.find_key("hash-1")
    assert store.lookups == 2


def test_unknown_keys_are_never_cached() -> None:
    store = Store()
    keys = cache(store, Changes())
    assert keys.find_key("no-such-hash") is None
    assert keys.find_key("no-such-hash") is None
    assert store.lookups == 2


def test_an_entry_is_looked_up_again_after_its_time_limit() -> None:
    store, clock = Store(), Clock()
    keys = cache(store, Changes(), clock)
    keys.find_key("hash-1")
    clock.now += 59.0
    keys.find_key("hash-1")
    clock.now += 2.0
    keys.find_key("hash-1")
    assert store.lookups == 2


def test_a_full_cache_starts_over_instead_of_growing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(key_cache, "MAX_ENTRIES", 3)
    store = Store(keys={f"hash-{i}": OWNER for i in range(5)})
    keys = cache(store, Changes())
    for i in range(5):
        keys.find_key(f"hash-{i}")
    keys.find_key("hash-0")  # dropped when the cache filled up
    assert store.lookups == 6
