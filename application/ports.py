"""Ports the application needs; infrastructure implements them."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from application.query import Condition, ListSpec, Resource


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


RowChange = Upsert | Patch | Remove


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
    """Queries over the projected tables, always scoped to one project."""

    def list(self, resource: Resource, project_id: str, spec: ListSpec) -> Sequence[dict[str, Any]]:
        """The page of rows the spec asks for, with the selected fields."""

    def count(self, resource: Resource, project_id: str, conditions: Sequence[Condition]) -> int:
        """How many rows of the project match all conditions."""

    def get(
        self, resource: Resource, project_id: str, key: str, fields: Sequence[str]
    ) -> dict[str, Any] | None:
        """One row of the project by id, with the given fields, or None."""

    def find_key(self, key_hash: str) -> KeyRecord | None:
        """The live key with this hash, or None."""

    def projects(self) -> builtins.list[ProjectRecord]:
        """Every project, oldest first."""

    def project_name(self, project_id: str) -> str | None:
        """The project's name, or None if there is no such project."""


class Projector(Protocol):
    """Brings the read model up to the end of the event log."""

    def catch_up(self) -> int:
        """Apply every recorded event not yet projected; return the last position."""


class KeyHasher(Protocol):
    """Makes secrets and the hashes they are stored as."""

    def new_secret(self) -> str:
        """A fresh secret with at least 128 bits of randomness."""

    def hash(self, secret: str) -> str:
        """The stored form of a secret."""
