"""Use cases of scopes and services: the project resources incidents point at."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from application import incident_commands as commands
from application.access import Principal
from application.errors import InvalidRequest
from application.incident_values import body_id, flag, path_id
from application.incidents import IncidentPage, paging
from application.ports import NumberSequence, ReadModel
from application.query import ListSpec, Resource
from application.writer import Writer
from domain.catalog_item import CatalogItemNotFound, check_item_name
from domain.text import check_text

Item = Mapping[str, Any]
DESCRIPTION_MAX = 20_000


class CatalogItems:
    """Scopes or services of a project (one instance per kind)."""

    def __init__(
        self, resource: Resource, writer: Writer, reads: ReadModel, numbers: NumberSequence
    ) -> None:
        self.kind = resource.name
        self._resource = resource
        self._writer = writer
        self._reads = reads
        self._numbers = numbers

    def create(self, who: Principal, raw: Mapping[str, Any]) -> Item:
        """Create one; return it."""
        values = self._values(raw)
        number = self._writer.run(
            lambda b: commands.create_item(
                b, self._numbers, self.kind, who.project_id, values, who.key_id
            )
        )
        return self.get(who, number)

    def update(self, who: Principal, number: str, raw: Mapping[str, Any]) -> Item:
        """Change the given fields; return the result."""
        n = self._number(number)
        values = self._values(body_id(raw, n))
        self._writer.run(
            lambda b: commands.update_item(b, self.kind, who.project_id, n, values, who.key_id)
        )
        return self.get(who, n)

    def delete(self, who: Principal, number: str) -> None:
        """Delete one that no live incident uses."""
        n = self._number(number)
        self._writer.run(
            lambda b: commands.delete_item(
                b, self._reads, self.kind, who.project_id, n, who.key_id
            ),
            exclusive=True,
        )

    def get(self, who: Principal | None, number: int | str) -> Item:
        """One by id; without a key only a public one."""
        n = self._number(number)
        project = who.project_id if who else None
        row = self._reads.get(self._resource, project, n, self._fields(), key_column="number")
        if row is None:
            raise CatalogItemNotFound(f"{self.kind} {n} not found")
        return MappingProxyType(row)

    def list(self, who: Principal | None, page: Any, per_page: Any) -> IncidentPage:
        """A page, newest first; without a key only public ones."""
        page_n, per_page_n = paging(page, per_page)
        spec = ListSpec(
            (), self._fields(), (("number", True),), (page_n - 1) * per_page_n, per_page_n
        )
        project = who.project_id if who else None
        rows, total = self._reads.page(self._resource, project, spec)
        return IncidentPage(total, page_n, per_page_n, tuple(MappingProxyType(r) for r in rows))

    def _fields(self) -> tuple[str, ...]:
        hidden = ("uuid", "project_id")
        return tuple(f.name for f in self._resource.fields if f.name not in hidden)

    def _number(self, value: int | str) -> int:
        """A path id: a 400 if not an integer, a 404 if no row can have it."""
        number = path_id(value)
        if number is None:
            raise CatalogItemNotFound(f"{self.kind} {str(value).strip()} not found")
        return number

    def _values(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        allowed = {"name", "description"} | ({"public"} if self.kind == "scope" else set())
        unknown = sorted(set(raw) - allowed)
        if unknown:
            raise InvalidRequest(f"{unknown[0]}: is not a field of a {self.kind}")
        name = raw.get("name")
        if name is not None and not isinstance(name, str):
            raise InvalidRequest("name: must be a string")
        if name is None or not name.strip():
            raise InvalidRequest("name: is required")
        values: dict[str, Any] = {"name": check_item_name(name)}
        if "description" in raw:
            values["description"] = _description(raw["description"])
        if "public" in raw:
            values["public"] = flag("public", raw["public"])
        return values


def _description(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise InvalidRequest("description: must be text")
    return check_text("description", value, DESCRIPTION_MAX)
