"""The Incident aggregate: an incident's fields, status transitions and comments."""

from __future__ import annotations

from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.changes import changes_to
from domain.errors import InvalidValue, NotFound
from domain.incident_rules import DATE_OF_STATUS, StateRef
from domain.text import check_text

# What the Created event records besides the state (and, after it, updates may change).
CREATED_FIELDS = (
    "number",
    "project_id",
    "scope_id",
    "service_id",
    "name",
    "description",
    "external_reference",
    "external_link",
    "severity",
    "start_impact_date",
)
REVISABLE = (
    "scope_id",
    "service_id",
    "name",
    "description",
    "external_reference",
    "external_link",
    "severity",
    "start_impact_date",
    "investigation_date",
    "stable_date",
    "resolve_date",
)
COMMENT_MAX = 10_000


class Incident(Aggregate):
    """An incident of a project; its integer number and its UUID both last forever.

    Its attributes are stored in snapshots (every 100 events): adding or
    renaming one needs a class_version and an upcast of older snapshots, or an
    incident loaded from an old snapshot lacks it.
    """

    @staticmethod
    def create_id(number: int) -> UUID:
        """The UUID follows from the number, so a number can never be used twice."""
        return uuid5(NAMESPACE_URL, f"/incidents/{number}")

    @event("Created")
    def __init__(
        self,
        *,
        number: int,
        project_id: str,
        actor: str,
        scope_id: int,
        service_id: int,
        name: str,
        description: str | None,
        external_reference: str | None,
        external_link: str | None,
        severity: str,
        state_id: str,
        status: str,
        start_impact_date: str,
    ) -> None:
        self.number = number
        self.project_id = project_id
        self.scope_id = scope_id
        self.service_id = service_id
        self.name = name
        self.description = description
        self.external_reference = external_reference
        self.external_link = external_link
        self.severity = severity
        self.state_id = state_id
        self.status = status
        self.start_impact_date: str | None = start_impact_date
        self.investigation_date: str | None = None
        self.stable_date: str | None = None
        self.resolve_date: str | None = None
        self.comment_count = 0
        self.deleted = False

    def revise(self, values: dict[str, Any], actor: str) -> dict[str, dict[str, Any]]:
        """Change fields other than the status; record only real changes."""
        self.check_live()
        changes = changes_to(self, values, REVISABLE)
        if changes:
            self._updated(changes=changes, actor=actor, project_id=self.project_id)
        return changes

    def transition(
        self,
        to: StateRef,
        occurred_at: str,
        cleared: list[str],
        actor: str,
        from_status: str | None = None,
    ) -> None:
        """Move to another state at a business time; later states' dates are cleared.

        from_status: the current state's name now (it may have been renamed).
        """
        self.check_live()
        if to.state_id == self.state_id:
            return
        self._transitioned(
            from_state_id=self.state_id,
            from_status=from_status or self.status,
            to_state_id=to.state_id,
            to_status=to.status,
            occurred_at=occurred_at,
            cleared={field: getattr(self, field) for field in cleared if getattr(self, field)},
            date_field=to.date_field,
            actor=actor,
            project_id=self.project_id,
        )

    def comment(self, text: str, internal: bool, actor: str) -> int:
        """Add a comment; returns its number within the incident."""
        self.check_live()
        check_comment(text)
        comment_id = self.comment_count + 1
        self._commented(
            comment_id=comment_id,
            comment=text,
            internal=internal,
            actor=actor,
            project_id=self.project_id,
        )
        return comment_id

    def delete(self, actor: str) -> None:
        """Hide the incident; every event stays."""
        self.check_live()
        self._deleted(actor=actor, project_id=self.project_id)

    def check_live(self) -> None:
        """A deleted incident takes no more commands."""
        if self.deleted:
            raise IncidentNotFound(self.number)

    @event("Updated")
    def _updated(self, changes: dict[str, dict[str, Any]], actor: str, project_id: str) -> None:
        for field, change in changes.items():
            setattr(self, field, change["after"])

    class Transitioned(Aggregate.Event):
        """Moved to another state at a business time (occurred_at).

        date_field: the business date the entered state takes, if any, as it was
        then (version 2). Events from before it was recorded get it by the entered
        status's name, as the rules then had it."""

        class_version = 2
        from_state_id: str
        from_status: str
        to_state_id: str
        to_status: str
        occurred_at: str
        cleared: dict[str, str | None]
        date_field: str | None
        actor: str
        project_id: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Before date_field: the date of the entered status by name."""
            state["date_field"] = DATE_OF_STATUS.get(state["to_status"])

    @event(Transitioned)
    def _transitioned(
        self,
        from_state_id: str,
        from_status: str,
        to_state_id: str,
        to_status: str,
        occurred_at: str,
        cleared: dict[str, str | None],
        date_field: str | None,
        actor: str,
        project_id: str,
    ) -> None:
        self.state_id = to_state_id
        self.status = to_status
        for field in cleared:
            setattr(self, field, None)

    @event("Commented")
    def _commented(
        self, comment_id: int, comment: str, internal: bool, actor: str, project_id: str
    ) -> None:
        self.comment_count = comment_id

    @event("Deleted")
    def _deleted(self, actor: str, project_id: str) -> None:
        self.deleted = True


def check_comment(text: str) -> str:
    """A comment is non-empty and at most 10,000 characters."""
    check_text("comment", text, COMMENT_MAX)
    if not text.strip():
        raise InvalidValue("comment", "must not be empty")
    return text


class IncidentNotFound(NotFound):
    """No live incident has this number."""

    def __init__(self, number: int | str) -> None:
        super().__init__(f"incident {number} not found")
