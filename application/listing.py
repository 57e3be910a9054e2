"""The generic reads of the seed's routes (get-list, count, get-item) for any resource."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any
from uuid import UUID

from application.access import Principal
from application.errors import InvalidRequest
from application.ports import ReadModel
from application.query import STORED_DECODERS, Condition, Kind, ListSpec, Resource
from application.query_values import shown
from domain.errors import NotFound

Item = Mapping[str, Any]


@dataclass(frozen=True)
class Page:
    """One page of a list: the total matching count and the selected items."""

    count: int
    skip: int
    limit: int
    items: tuple[Item, ...]


class Listing:
    """List, count and get one resource of the caller's project from the read model."""

    def __init__(self, resource: Resource, reads: ReadModel) -> None:
        self.resource = resource
        self._reads = reads
        self.all_fields = tuple(f.name for f in resource.fields)

    def list(self, who: Principal, spec: ListSpec) -> Page:
        """A page of the project's rows and the total matching count."""
        rows, total = self._reads.page(self.resource, who.project_id, spec)
        items = tuple(self._finish(who, row, spec.fields) for row in rows)
        return Page(count=total, skip=spec.skip, limit=spec.limit, items=items)

    def count(self, who: Principal, conditions: Sequence[Condition]) -> int:
        """How many of the project's rows match."""
        return self._reads.count(self.resource, who.project_id, conditions)

    def get(self, who: Principal, key: str, fields: Sequence[str] | None = None) -> Item:
        """One row by its UUID with the selected fields (default: all)."""
        uuid = parse_id(key)
        chosen = fields or self.all_fields
        row = self._reads.get(self.resource, who.project_id, str(uuid), chosen)
        if row is None:
            raise NotFound(f"{self.resource.name.replace('-', ' ')} {uuid} not found")
        return self._finish(who, row, chosen)

    def present(self, who: Principal, row: Mapping[str, Any]) -> Item:
        """A row as the projection writes it (by column) with every field, as get() reads it.

        Saves reading back what a write has just stored: the stored kinds that
        differ (JSON kept as text, booleans as 0/1) are decoded as the read model
        decodes them.
        """
        item = {}
        for f in self.resource.fields:
            if f.kind is Kind.RELATION:
                continue
            decode = STORED_DECODERS.get(f.kind)
            item[f.name] = decode(row[f.column]) if decode else row[f.column]
        return self._finish(who, item, self.all_fields)

    def _finish(self, who: Principal, row: dict[str, Any], fields: Sequence[str]) -> Item:
        relation = next((f for f in self.resource.fields if f.kind is Kind.RELATION), None)
        if relation is not None and relation.name in fields:
            name = self._reads.project_name(who.project_id)
            row[relation.name] = {"_id": who.project_id, "name": name}
        return MappingProxyType(row)


def parse_id(value: str) -> UUID:
    """A path id as a UUID, or a 400 naming it."""
    try:
        return UUID(value)
    except ValueError:
        raise InvalidRequest(f"id: {shown(value)} is not a valid id") from None
