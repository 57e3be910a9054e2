"""Recently used API keys, kept in memory while the store says no key changed.

Every request presents a key, and looking it up costs a query on a path that
is otherwise one or two queries. A cached key is trusted only while the
generation it was read under is still current: the wiring's KeyChanges moves
the generation whenever any key is added, changed or revoked, in any process,
and answers None whenever it cannot tell (then nothing is cached). A time
limit bounds how long an entry can live even if a change were ever missed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from application.ports import KeyChanges, KeyRecord, ReadModel

TTL_S = 60.0
MAX_ENTRIES = 10_000


class KeyCache:
    """find_key through a cache that a key change in any process empties."""

    def __init__(
        self,
        reads: ReadModel,
        changes: KeyChanges,
        *,
        ttl: float = TTL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reads = reads
        self._changes = changes
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, tuple[int, float, KeyRecord]] = {}

    def find_key(self, key_hash: str) -> KeyRecord | None:
        """The live key with this hash, or None (unknown keys are never cached)."""
        # Read the generation before the store: a change committed meanwhile
        # moves it, so what the store answered is not trusted beyond this call.
        generation = self._changes.generation()
        if generation is None:
            return self._reads.find_key(key_hash)
        entry = self._entries.get(key_hash)
        if entry is not None and entry[0] == generation and entry[1] > self._clock():
            return entry[2]
        record = self._reads.find_key(key_hash)
        if record is not None:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key_hash] = (generation, self._clock() + self._ttl, record)
        return record
