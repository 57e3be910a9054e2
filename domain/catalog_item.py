"""Scope and Service aggregates: the project resources incidents point at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.changes import changes_to
from domain.errors import InvalidValue, NotFound
from domain.text import check_text

NAME_MAX = 100


class CatalogItem(Aggregate):
    """A named project resource with an integer id unique in the deployment."""

    kind = "item"
    revisable: ClassVar[tuple[str, ...]] = ()
    if TYPE_CHECKING:  # set by the subclasses' Created events; the library would
        # read class annotations as event fields, so they exist for type checkers only.
        number: int
        project_id: str
        deleted: bool

    @classmethod
    def create_id(cls, number: int) -> UUID:
        """The UUID follows from the kind and number."""
        return uuid5(NAMESPACE_URL, f"/{cls.kind}s/{number}")

    def revise(self, values: dict[str, Any], actor: str) -> dict[str, dict[str, Any]]:
        """Change the given fields; record only real changes."""
        self.check_live()
        changes = changes_to(self, values, self.revisable)
        if changes:
            self._updated(changes=changes, actor=actor, project_id=self.project_id, kind=self.kind)
        return changes

    def delete(self, actor: str) -> None:
        """Remove the resource; its events stay."""
        self.check_live()
        self._deleted(actor=actor, project_id=self.project_id, kind=self.kind)

    def check_live(self) -> None:
        """A deleted resource takes no more commands."""
        if self.deleted:
            raise CatalogItemNotFound(f"{self.kind} {self.number} not found")

    # The event classes are shared by Scope and Service: `kind` tells them apart.
    @event("Updated")
    def _updated(
        self, changes: dict[str, dict[str, Any]], actor: str, project_id: str, kind: str
    ) -> None:
        for field, change in changes.items():
            setattr(self, field, change["after"])

    @event("Deleted")
    def _deleted(self, actor: str, project_id: str, kind: str) -> None:
        self.deleted = True


class Scope(CatalogItem):
    """Where an incident's impact is; public scopes are visible without a key."""

    kind = "scope"
    revisable = ("name", "description", "public")

    @event("Created")
    def __init__(
        self,
        *,
        number: int,
        project_id: str,
        actor: str,
        name: str,
        description: str | None,
        public: bool,
    ) -> None:
        self.number = number
        self.project_id = project_id
        self.name = name
        self.description = description
        self.public = public
        self.deleted = False

    @classmethod
    def start(cls, number: int, project_id: str, actor: str, values: dict[str, Any]) -> Scope:
        """A new scope; the event records the checked, trimmed name."""
        return cls(
            number=number,
            project_id=project_id,
            actor=actor,
            name=check_item_name(values.get("name") or ""),
            description=values.get("description"),
            public=bool(values.get("public", False)),
        )


class Service(CatalogItem):
    """The service an incident affects."""

    kind = "service"
    revisable = ("name", "description")

    @event("Created")
    def __init__(
        self, *, number: int, project_id: str, actor: str, name: str, description: str | None
    ) -> None:
        self.number = number
        self.project_id = project_id
        self.name = name
        self.description = description
        self.deleted = False

    @classmethod
    def start(cls, number: int, project_id: str, actor: str, values: dict[str, Any]) -> Service:
        """A new service; the event records the checked, trimmed name."""
        return cls(
            number=number,
            project_id=project_id,
            actor=actor,
            name=check_item_name(values.get("name") or ""),
            description=values.get("description"),
        )


def check_item_name(name: str) -> str:
    """A trimmed name of 1-100 characters."""
    trimmed = check_text("name", name, 10 * NAME_MAX, stated=NAME_MAX).strip()
    if not trimmed:
        raise InvalidValue("name", "is required")
    if len(trimmed) > NAME_MAX:
        raise InvalidValue("name", f"must be at most {NAME_MAX} characters")
    return trimmed


class CatalogItemNotFound(NotFound):
    """No live scope or service has this id."""
