"""A thread that stores the writer's snapshots, so that its next batch need not wait.

A catalog of 12,000 states snapshots 3 MB: 20-30 ms to encode and, on this
2-core machine under load, up to 240 ms with its insert. Stored by the writer
between two batches, every write request waited for it (state create p99
113-141 ms; 24-28 ms with no snapshots at all).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Store = Callable[[list[Any]], None]


class SnapshotStorer:
    """Stores detached snapshots (Ledger.detach_snapshots) in the order given."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queue: queue.SimpleQueue[list[Any] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="snapshots", daemon=True)
        self._thread.start()

    def put(self, snapshots: list[Any]) -> None:
        """Queue snapshots to be stored."""
        self._queue.put(snapshots)

    def close(self) -> None:
        """Store what is queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while (item := self._queue.get()) is not None:
            try:
                self._store(item)
            except Exception:  # the thread must outlive any snapshot
                log.exception("snapshots not stored")
