"""Group commit: one thread runs the commands of concurrent requests and saves
them together.

The Postgres recorder locks the events table for every insert, so one save per
request caps writes at the lock's rate. Here each batch of queued commands is
executed in turn, every command on its own copies of the aggregates it touches
(a failing command leaves the batch untouched), and the whole batch is saved in
one atomic write. The read model is then brought up to date before any caller
is answered, so a read issued after a write's response always sees it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from copy import deepcopy
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError

from application.errors import ConcurrentWrite, StoreUnavailable
from application.ledger import Ledger
from application.ports import Projector

T = TypeVar("T")
A = TypeVar("A", bound=Aggregate)
Command = Callable[["Scope"], T]

MAX_BATCH = 256
MAX_ATTEMPTS = 4
STORE_ERRORS = (OperationalError, InterfaceError)
log = logging.getLogger(__name__)


class Scope:
    """The aggregates one command reads and changes, apart from its batch."""

    def __init__(self, app: Ledger, batch: dict[UUID, Aggregate]) -> None:
        self._app = app
        self._batch = batch
        self.touched: dict[UUID, Aggregate] = {}

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate with this id and type, or None if there is none."""
        aggregate = self.touched.get(aggregate_id)
        if aggregate is None:
            aggregate = self._load(aggregate_id)
            if aggregate is None:
                return None
            self.touched[aggregate_id] = aggregate
        return aggregate if isinstance(aggregate, kind) else None

    def add(self, *aggregates: Aggregate) -> None:
        """Stage new aggregates to be saved with the batch."""
        for aggregate in aggregates:
            self.touched[aggregate.id] = aggregate

    def _load(self, aggregate_id: UUID) -> Aggregate | None:
        if aggregate_id in self._batch:
            return deepcopy(self._batch[aggregate_id])
        try:
            return self._app.repository.get(aggregate_id)  # a copy when cached
        except AggregateNotFoundError:
            return None


@dataclass
class _Job:
    command: Command[Any]
    future: Future[Any] = field(default_factory=Future)
    attempts: int = 0


class Writer:
    """Executes commands on one thread, saving each batch in one transaction."""

    def __init__(self, app: Ledger, projector: Projector) -> None:
        self._app = app
        self._projector = projector
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="writer", daemon=True)
        self._thread.start()

    def submit(self, command: Command[T]) -> Future[T]:
        """Queue a command; the future holds its result once the batch is saved."""
        job = _Job(command)
        self._queue.put(job)
        return job.future

    def run(self, command: Command[T]) -> T:
        """Execute a command and wait for it to be saved and projected."""
        return self.submit(command).result()

    def close(self) -> None:
        """Finish the queued commands and stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            batch = [job]
            stop = self._drain(batch)
            self._process(batch)
            if stop:
                return

    def _drain(self, batch: list[_Job]) -> bool:
        while len(batch) < MAX_BATCH:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return False
            if job is None:
                return True
            batch.append(job)
        return False

    def _process(self, batch: list[_Job]) -> None:
        staged: dict[UUID, Aggregate] = {}
        done: list[tuple[_Job, Any]] = []
        for job in batch:
            scope = Scope(self._app, staged)
            try:
                result = job.command(scope)
            except STORE_ERRORS as error:
                job.future.set_exception(StoreUnavailable(f"database unavailable: {error}"))
                continue
            except Exception as error:  # noqa: BLE001 - handed to the waiting caller
                job.future.set_exception(error)
                continue
            staged.update(scope.touched)
            done.append((job, result))
        self._commit(staged, done)

    def _commit(self, staged: dict[UUID, Aggregate], done: list[tuple[_Job, Any]]) -> None:
        if any(a.pending_events for a in staged.values()):
            try:
                self._app.save(*staged.values())
            except IntegrityError:
                self._evict(staged)
                self._retry_alone([job for job, _ in done])
                return
            except STORE_ERRORS as error:
                self._evict(staged)
                self._fail(done, StoreUnavailable(f"database unavailable: {error}"))
                return
            if not self._caught_up():
                self._fail(
                    done, StoreUnavailable("recorded, but the read model is behind; retry the read")
                )
                return
        for job, result in done:
            job.future.set_result(result)

    def _caught_up(self) -> bool:
        # The events are saved whatever happens here; a failed catch-up is
        # repeated by the next batch, so report it but never rerun commands.
        try:
            self._projector.catch_up()
        except Exception:
            log.exception("projection catch-up failed")
            return False
        return True

    @staticmethod
    def _fail(done: list[tuple[_Job, Any]], error: Exception) -> None:
        for job, _ in done:
            job.future.set_exception(error)

    def _retry_alone(self, jobs: list[_Job]) -> None:
        # Another process wrote one of these aggregates first: run each command
        # again on fresh state, so that one conflict does not fail the batch.
        for job in jobs:
            job.attempts += 1
            if job.attempts >= MAX_ATTEMPTS:
                job.future.set_exception(
                    ConcurrentWrite("another request changed this resource at the same time; retry")
                )
            else:
                self._process([job])

    def _evict(self, staged: dict[UUID, Aggregate]) -> None:
        cache = self._app.repository.cache
        if cache is None:
            return
        for aggregate_id in staged:
            try:
                cache.get(aggregate_id, evict=True)
            except KeyError:
                continue
