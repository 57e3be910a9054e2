"""Group commit: one thread runs the commands of concurrent requests and saves
them together.

The Postgres recorder locks the events table for every insert, so one save per
request caps writes at the lock's rate. Here each batch of queued commands is
executed in turn, every command on its own copies of the aggregates it touches
(a failing command leaves the batch untouched), and the whole batch is saved in
one atomic write. The read model is up to date before any caller is answered
(on Postgres its rows are part of that write; elsewhere they are projected
right after it), so a read issued after a write's response always sees it.
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from contextlib import AbstractContextManager, nullcontext
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    Recording,
)

from application.aggregate_cache import AggregateCache, WorkingSet
from application.errors import ConcurrentWrite, StoreUnavailable
from application.jobs import Hint, Job
from application.ledger import Ledger
from application.ports import BatchGate, BatchParticipant, Projector
from application.scope import Command, Scope
from application.snapshot_storer import SnapshotStorer
from domain.errors import DomainError

T = TypeVar("T")

MAX_BATCH = 256
MAX_ATTEMPTS = 10
STORE_ERRORS = (OperationalError, InterfaceError)
BEHIND = "recorded, but the read model is behind; retry the read"
log = logging.getLogger(__name__)


class Writer:
    """Executes commands on one thread, saving each batch in one transaction."""

    def __init__(
        self,
        app: Ledger,
        projector: Projector,
        *,
        shared: bool = False,
        gate: BatchGate | None = None,
        participants: Sequence[BatchParticipant] = (),
        wait: Callable[[Future[Any]], Any] = Future.result,
    ) -> None:
        self._app = app
        self._participants = tuple(participants)
        # How a caller waits for its command: blocking its thread, or (a request
        # on the event loop) pausing until the loop sees the future done.
        self._wait = wait
        self._projector = projector
        # With several processes, their writers take turns per batch instead of
        # racing on shared aggregates (a project's catalog) and retrying.
        self._gate = gate
        self._cache = AggregateCache(app, shared=shared)
        self._snapshots = SnapshotStorer(app.store_snapshots)
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name="writer", daemon=True)
        self._thread.start()

    def submit(
        self, command: Command[T], *, exclusive: bool = False, prefetch: Sequence[Hint] = ()
    ) -> Future[T]:
        """Queue a command; the future holds its result once the batch is saved.

        An exclusive command runs alone, after every earlier command is saved and
        projected: it may rely on the read model (e.g. "is this state in use?").
        prefetch: (id, kind) of aggregates the command will likely look for;
        the batch loads the uncached ones together before its commands run.
        """
        job = Job(command, exclusive=exclusive, prefetch=prefetch)
        self._queue.put(job)
        return job.future

    def run(
        self, command: Command[T], *, exclusive: bool = False, prefetch: Sequence[Hint] = ()
    ) -> T:
        """Execute a command and wait for it to be saved and projected."""
        result: T = self._wait(self.submit(command, exclusive=exclusive, prefetch=prefetch))
        return result

    def close(self) -> None:
        """Finish the queued commands, store their due snapshots, and stop the threads."""
        self._queue.put(None)
        self._thread.join(timeout=30)
        self._snapshots.close()

    def _loop(self) -> None:
        held: Job | None = None
        stop = False
        while not stop:
            job = held or self._queue.get()
            if job is None:
                return
            stop, held = self._run(job)

    def _drain(self, batch: list[Job]) -> tuple[bool, Job | None]:
        """Add queued jobs to the batch; stop at an exclusive job, which runs alone next."""
        while len(batch) < MAX_BATCH:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                return False, None
            if job is None:
                return True, None
            if job.exclusive:
                return False, job
            batch.append(job)
        return False, None

    def _run(self, first: Job) -> tuple[bool, Job | None]:
        """Run a batch that starts with first; whether to stop, and the job held back.

        The queue is drained only once the gate is held: the requests that
        arrived while other processes' batches ran join this one, instead of
        waiting a whole turn more. The callers hear only once the gate is open
        again: an answered future wakes the event loop, which then holds the
        GIL for a while (rendering the answers), and the gate's unlock would
        wait for it while every other worker's writer waits for the gate.
        """
        batch, stop, held = [first], False, None
        try:
            with self._turn():
                if not first.exclusive:
                    stop, held = self._drain(batch)
                # A caller that gave up (its request was cancelled) is not run; the
                # others can no longer give up, so each answer finds its future.
                batch = [job for job in batch if job.future.set_running_or_notify_cancel()]
                self._cache.refresh()
                self._cache.prefetch([hint for job in batch for hint in job.prefetch])
                self._process(batch)
        except (*STORE_ERRORS, StoreUnavailable) as error:  # an outage (the gate's too), not a bug
            self._fail_unanswered(batch, _unavailable(error))
        except Exception as error:  # the thread must outlive any batch
            log.exception("writer batch failed")
            self._fail_unanswered(batch, error)
        for job in batch:
            job.deliver()
        self._snapshot()
        return stop, held

    def _snapshot(self) -> None:
        """Take the snapshots the batch made due, before the next batch changes them;
        another thread stores them."""
        try:
            detached = self._app.detach_snapshots()
        except Exception:  # a snapshot is an optimisation; its events are saved
            log.exception("snapshot failed")
            return
        if detached:
            self._snapshots.put(detached)

    def _turn(self) -> AbstractContextManager[None]:
        return nullcontext() if self._gate is None else self._gate.hold()

    def _process(self, batch: list[Job]) -> None:
        for participant in self._participants:
            participant.begin_batch()
        working = WorkingSet(self._cache)
        done: list[tuple[Job, Any]] = []
        for job in batch:
            scope = Scope(working)
            try:
                result = job.command(scope)
            except STORE_ERRORS as error:
                scope.undo()
                job.refuse(_unavailable(error))
            except DomainError as error:
                scope.undo()
                job.refuse(error)
            except Exception as error:  # noqa: BLE001 - handed to the waiting caller
                # Not a rule's refusal but a fault, maybe inside an event's apply:
                # the touched aggregates may be half-changed, so rebuild them all.
                scope.undo(everything=True)
                job.refuse(error)
            else:
                working.happened.extend(scope.grown())
                done.append((job, result))
        self._commit(working, done)

    def _commit(self, working: WorkingSet, done: list[tuple[Job, Any]]) -> None:
        changed = working.changed()
        if changed:
            alongside = self._settled(working, done)
            if alongside is None:
                return
            recordings = self._save(changed, working, done, alongside)
            if recordings is None:
                return
            recent = [(r.notification.id, r.domain_event) for r in recordings]
            if not self._caught_up(recent):
                self._cache.keep(working.loaded())
                self._fail(done, StoreUnavailable(BEHIND))
                return
        # Also the aggregates only read (a scope, the catalog's ladder): the next
        # batch would otherwise load them from the store again.
        self._cache.keep(working.loaded())
        for job, result in done:
            job.answer(result)

    def _save(
        self,
        changed: list[Aggregate],
        working: WorkingSet,
        done: list[tuple[Job, Any]],
        alongside: list[Any],
    ) -> list[Recording[UUID]] | None:
        """The batch's recordings; None if not saved (its jobs answered or rerun)."""
        try:
            # A project's catalog of thousands of states snapshots megabytes
            # (12,000 states: 3 MB, 20-30 ms to encode): taken once the gate is
            # open again and stored by another thread, no batch waits for it.
            events = working.new_events()
            extra = self._projector.rows_for_save(events)
            if alongside:
                extra["alongside"] = alongside
            return self._app.record(*changed, in_order=events, defer_snapshots=True, **extra)
        except IntegrityError:
            self._cache.forget(list(working.items))
            self._retry([job for job, _ in done])
        except STORE_ERRORS as error:
            self._cache.forget(list(working.items))
            self._fail(done, _unavailable(error))
        except Exception as error:  # noqa: BLE001 - see below
            # One command's events could not be stored (a bug, e.g. a value the
            # transcoder rejects): rerun the batch one by one so only it fails.
            self._cache.forget(list(working.items))
            if len(done) == 1:
                self._fail(done, error)
            else:
                for job, _ in done:
                    self._process([job])
        return None

    def _settled(self, working: WorkingSet, done: list[tuple[Job, Any]]) -> list[Any] | None:
        """What the participants hand the save; None if they are not ready for it
        (the jobs are then answered)."""
        alongside: list[Any] = []
        try:
            for participant in self._participants:
                alongside.extend(participant.settle_batch())
        except StoreUnavailable as error:  # what the adapters raise for an outage
            self._cache.forget(list(working.items))
            self._fail(done, error)
            return None
        return alongside

    def _caught_up(self, recent: list[tuple[int, Any]]) -> bool:
        # The events are saved whatever happens here; a failed catch-up is
        # repeated by the next batch, so report it but never rerun commands.
        try:
            self._projector.catch_up(recent)
        except Exception:
            log.exception("projection catch-up failed")
            return False
        return True

    def _fail_unanswered(self, batch: list[Job], error: Exception) -> None:
        """After a fault outside any one command: forget the cache, refuse the unanswered."""
        self._cache.forget_all()
        self._fail([(job, None) for job in batch if job.reply is None], error)

    @staticmethod
    def _fail(done: list[tuple[Job, Any]], error: Exception) -> None:
        for job, _ in done:
            job.refuse(error)

    def _retry(self, jobs: list[Job]) -> None:
        """Another process saved one of these aggregates first (several workers):
        run the commands again, together, on fresh state after a short random
        pause; a command that keeps losing the race is answered 409."""
        for job in jobs:
            job.attempts += 1
        live = [job for job in jobs if job.attempts < MAX_ATTEMPTS]
        for job in jobs:
            if job.attempts >= MAX_ATTEMPTS:
                job.refuse(
                    ConcurrentWrite("another request changed this resource at the same time; retry")
                )
        if live:
            time.sleep(random.uniform(0, 0.002) * live[0].attempts)  # noqa: S311 - jitter
            self._process(live)


def _unavailable(error: Exception) -> StoreUnavailable:
    """The error as the outage callers are answered with (503)."""
    if isinstance(error, StoreUnavailable):
        return error
    return StoreUnavailable(f"database unavailable: {error}")
