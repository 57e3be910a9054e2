"""The IncidentState aggregate: one configurable state of a project's incidents."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.changes import changes_to
from domain.errors import NotFound

# The fields a client may change; the flags and order are also guarded by the
# project's StateCatalog, which decides the side effects on the other states.
REVISABLE = (
    "name",
    "slug",
    "description",
    "color",
    "created_by_user_id",
    "created_by_user",
    "is_created_state",
    "is_acknowledged_state",
    "is_resolved_state",
    "order",
)


class IncidentState(Aggregate):
    """A named, coloured, ordered state an incident can be in."""

    @event("Created")
    def __init__(
        self,
        *,
        id: UUID,  # noqa: A002 - the library's name; chosen up front to claim slug and order
        project_id: str,
        actor: str,
        name: str,
        slug: str,
        description: str | None,
        color: str,
        created_by_user_id: str | None,
        created_by_user: Any,
        is_created_state: bool,
        is_acknowledged_state: bool,
        is_resolved_state: bool,
        order: int,
    ) -> None:
        self.project_id = project_id
        self.name = name
        self.slug = slug
        self.description = description
        self.color = color
        self.created_by_user_id = created_by_user_id
        self.created_by_user = created_by_user
        self.is_created_state = is_created_state
        self.is_acknowledged_state = is_acknowledged_state
        self.is_resolved_state = is_resolved_state
        self.order = order
        self.deleted = False

    def revise(self, values: dict[str, Any], actor: str) -> dict[str, dict[str, Any]]:
        """Change the given fields; record only those whose value differs."""
        self.check_live()
        changes = changes_to(self, values, REVISABLE)
        if changes:
            self._updated(changes=changes, actor=actor, project_id=self.project_id)
        return changes

    def move(self, order: int, actor: str, caused_by: str) -> None:
        """Shift to a new order because another state took this one's place."""
        self.check_live()
        if order != self.order:
            self._reordered(
                before=self.order,
                after=order,
                caused_by=caused_by,
                actor=actor,
                project_id=self.project_id,
            )

    def lose_flags(self, flags: list[str], actor: str, caused_by: str) -> None:
        """Give up flags because another state took them."""
        self.check_live()
        changes = {f: {"before": True, "after": False} for f in flags if getattr(self, f)}
        if changes:
            # An Updated, as a direct edit is, naming its cause: code that predates
            # caused_by still reads it (a new event type would stop it).
            self._updated(
                changes=changes, actor=actor, project_id=self.project_id, caused_by=caused_by
            )

    def delete(self, actor: str) -> None:
        """Mark the state deleted; its events stay in the store."""
        self.check_live()
        self._deleted(actor=actor, project_id=self.project_id)

    def check_live(self) -> None:
        """A deleted state takes no more commands."""
        if self.deleted:
            raise IncidentStateNotFound(str(self.id))

    @event("Updated")
    def _updated(
        self,
        changes: dict[str, dict[str, Any]],
        actor: str,
        project_id: str,
        caused_by: str | None = None,
    ) -> None:
        for field, change in changes.items():
            setattr(self, field, change["after"])

    @event("Reordered")
    def _reordered(
        self, before: int, after: int, caused_by: str, actor: str, project_id: str
    ) -> None:
        self.order = after

    @event("Deleted")
    def _deleted(self, actor: str, project_id: str) -> None:
        self.deleted = True


class IncidentStateNotFound(NotFound):
    """No live incident state has this id."""

    def __init__(self, state_id: str) -> None:
        super().__init__(f"incident state {state_id} not found")
