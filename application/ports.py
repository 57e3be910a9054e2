"""Ports the application needs; infrastructure implements them."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.query import Condition, ListSpec, Resource

T = TypeVar("T")


@dataclass(frozen=True)
class Upsert:
    """Insert or replace a whole read-model row."""

    table: str
    key: str
    row: Mapping[str, Any]


@dataclass(frozen=True)
class Patch:
    """Change some columns of a read-model row."""

    table: str
    key: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Remove:
    """Delete a read-model row."""

    table: str
    key: str


@dataclass(frozen=True)
class PatchWhere:
    """Change some columns of every row whose column equals a value."""

    table: str
    column: str
    value: Any
    values: Mapping[str, Any]


RowChange = Upsert | Patch | Remove | PatchWhere


@dataclass(frozen=True)
class KeyRecord:
    """What the read model knows of an API key, found by its hash."""

    key_id: str
    project_id: str
    role: str | None
    permissions: tuple[str, ...]


@dataclass(frozen=True)
class ProjectRecord:
    """A project as listed by the read model."""

    project_id: str
    name: str
    created_at: str


class ReadModel(Protocol):
    """Queries over the projected tables.

    Every query is scoped to one project, or with project_id None to the rows a
    reader without a key may see (the resource's public rule).
    """

    def list(
        self, resource: Resource, project_id: str | None, spec: ListSpec
    ) -> Sequence[dict[str, Any]]:
        """The page of rows the spec asks for, with the selected fields."""

    def page(
        self, resource: Resource, project_id: str | None, spec: ListSpec
    ) -> tuple[Sequence[dict[str, Any]], int]:
        """The page of rows the spec asks for, and how many rows match its conditions."""

    def count(
        self, resource: Resource, project_id: str | None, conditions: Sequence[Condition]
    ) -> int:
        """How many visible rows match all conditions."""

    def get(
        self,
        resource: Resource,
        project_id: str | None,
        key: Any,
        fields: Sequence[str],
        key_column: str = "id",
    ) -> dict[str, Any] | None:
        """One visible row by key, with the given fields, or None."""

    def get_with_comments(
        self,
        resource: Resource,
        project_id: str | None,
        key: Any,
        fields: Sequence[str],
        *,
        key_column: str = "id",
        internal: bool,
    ) -> dict[str, Any] | None:
        """As get(), with the row's comments under "comments" (as comments() gives them)."""

    def in_use(self, table: str, column: str, value: Any) -> bool:
        """Whether any row of the table has this value in the column."""

    def comments(self, incident_id: str, *, internal: bool) -> builtins.list[dict[str, Any]]:
        """An incident's comments, oldest first (internal ones if asked)."""

    def find_key(self, key_hash: str) -> KeyRecord | None:
        """The live key with this hash, or None."""

    def projects(self) -> builtins.list[ProjectRecord]:
        """Every project, oldest first."""

    def project_name(self, project_id: str) -> str | None:
        """The project's name, or None if there is no such project."""


class KeyKeeper(Protocol):
    """Finds API keys by hash (the read model, or a cache in front of it)."""

    def find_key(self, key_hash: str) -> KeyRecord | None:
        """The live key with this hash, or None."""


class KeyChanges(Protocol):
    """A number that moves whenever any API key may have changed, in any process."""

    def generation(self) -> int | None:
        """The current generation; None while changes cannot be followed."""


class Background(Protocol):
    """Work that runs on the server's event loop for as long as it serves."""

    async def start(self) -> None:
        """Begin, on the running loop."""

    async def stop(self) -> None:
        """End and release what it holds."""


class BatchGate(Protocol):
    """Lets one writer at a time, across processes, run a batch on the store."""

    def hold(self) -> AbstractContextManager[None]:
        """Enter to wait for the gate; leave to open it for the others."""


class NumberSequence(Protocol):
    """Integer ids, unique and increasing in the deployment."""

    def next_number(self, name: str) -> int:
        """The next number of the named sequence."""


@runtime_checkable
class LatestReader(Protocol):
    """An event recorder that reads an aggregate's last snapshot and the events after it
    in one query (the library asks twice: the snapshot, then the events)."""

    def select_latest(self, originator_id: UUID) -> tuple[StoredEvent | None, list[StoredEvent]]:
        """The newest snapshot (None if there is none) and every event after it."""


@runtime_checkable
class ManyLatestReader(Protocol):
    """An event recorder that answers select_latest() for several aggregates in one query."""

    def select_latest_of(
        self, originator_ids: Sequence[UUID]
    ) -> dict[UUID, tuple[StoredEvent | None, list[StoredEvent]]]:
        """The newest snapshot and the events after it of each originator."""


class BatchParticipant(Protocol):
    """State the writer keeps per batch: begun before its commands, settled before its save."""

    def begin_batch(self) -> None:
        """A batch's commands are about to run."""

    def settle_batch(self) -> Sequence[Any]:
        """The commands ran; make durable what the save will rely on, or hand it to
        the save: what it returns, the save writes in its own transaction (a
        store's statements, passed to the event recorder as `alongside`). Raises
        StoreUnavailable if it cannot."""


class Projector(Protocol):
    """Brings the read model up to the end of the event log."""

    def rows_for_save(self, events: Sequence[Any]) -> dict[str, Any]:
        """Keyword arguments for the save of these events that have the event
        store write their read-model rows in the same transaction; empty when
        the store cannot (catch_up() then applies them after the save)."""

    def catch_up(self, recent: Sequence[tuple[int, Any]] = ()) -> int:
        """Apply every recorded event not yet projected; return the last position.

        recent: (notification id, event) pairs just saved by this process;
        nothing is left to do if their save wrote their rows too, and when
        they directly follow the tracked position they are applied from memory.
        """


class KeyHasher(Protocol):
    """Makes secrets and the hashes they are stored as."""

    def new_secret(self) -> str:
        """A fresh secret with at least 128 bits of randomness."""

    def hash(self, secret: str) -> str:
        """The stored form of a secret."""


class Work(Enum):
    """What a request's use-case code touches, which decides where it may run."""

    READ = "read"  # the read model only: all its queries share one connection
    WRITE = "write"  # the read model, and it waits for the writer
    EVENTS = "events"  # the event store too (history): the library's blocking calls


class Dispatch(Protocol):
    """Runs a request's synchronous use-case code without blocking the event loop."""

    async def start(self) -> None:
        """Open what the dispatch needs on the running loop."""

    async def run(self, work: Callable[[], T], kind: Work) -> T:
        """work's result (or its exception)."""

    async def stop(self) -> None:
        """Let running work finish and release everything."""
