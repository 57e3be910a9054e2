"""Commands on incidents, scopes and services, run by the writer in a batch scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate

from application.ports import NumberSequence, ReadModel
from application.projections import current_incident_row
from application.scope import Scope as Batch
from application.state_commands import load_catalog
from application.times import iso
from domain.catalog_item import CatalogItem, CatalogItemNotFound, Scope, Service
from domain.errors import Conflict, InvalidValue
from domain.incident import Incident, IncidentNotFound
from domain.incident_rules import (
    DATE_FIELDS,
    Ladder,
    StateRef,
    check_dates_allowed,
    check_dates_in_order,
    check_entry_date,
    cleared_on_reopen,
)
from domain.state_catalog import StateCatalog

CATALOG_KINDS: dict[str, type[CatalogItem]] = {"scope": Scope, "service": Service}


def ladder_of(catalog: StateCatalog) -> Ladder:
    """The project's states in order, as incidents see them."""
    dates = {sid: field for field, sid in catalog.dated.items()}
    states = tuple(
        StateRef(sid, catalog.entries[sid]["name"], catalog.entries[sid]["order"], dates.get(sid))
        for sid in catalog.state_ids()
    )
    return Ladder(states, catalog.holders["is_created_state"])


def create_incident(
    batch: Batch, numbers: NumberSequence, project_id: str, values: dict[str, Any], actor: str
) -> CanMutateAggregate[UUID]:
    """Open an incident in the project's created state; return its Created event."""
    check_references(batch, project_id, values)
    ladder = ladder_of(load_catalog(batch, project_id))
    start = ladder.created()
    if "status" in values:
        raise InvalidValue("status", "is set by updates; new incidents start in the created state")
    for field in DATE_FIELDS[1:]:  # no state date is recorded at creation: refused, not dropped
        if values.get(field):
            raise InvalidValue(field, "is set by updates; a new incident has only its impact date")
    number = numbers.next_number("incident")
    incident = Incident(
        number=number,
        project_id=project_id,
        actor=actor,
        scope_id=values["scope_id"],
        service_id=values["service_id"],
        name=values["name"],
        description=values.get("description"),
        external_reference=values.get("external_reference"),
        external_link=values.get("external_link"),
        severity=values["severity"],
        state_id=start.state_id,
        status=start.status,
        start_impact_date=values["start_impact_date"],
    )
    batch.add(incident)
    # Events are immutable: the caller's thread may read this one after the save.
    return incident.pending_events[0]


@dataclass(frozen=True)
class Updated:
    """An incident as an update left it: its read-model row (by column), and how many
    comments it had (theirs are in the read model, with later ones maybe)."""

    row: dict[str, Any]
    comment_count: int


def update_incident(
    batch: Batch, project_id: str, number: int, values: dict[str, Any], actor: str
) -> Updated | None:
    """Change fields and status under the date rules; record nothing if nothing changes
    (then None: the incident is as stored)."""
    incident = load_incident(batch, project_id, number)
    recorded = len(incident.pending_events)
    check_references(batch, project_id, values)
    ladder = ladder_of(load_catalog(batch, project_id))
    target = ladder.by_status(values["status"])
    current = ladder.by_id(incident.state_id)
    cleared = _cleared(current, target, ladder)
    given = {f: values[f] for f in DATE_FIELDS if f in values}
    dates = {f: given.get(f, getattr(incident, f)) for f in DATE_FIELDS}
    dates.update({f: None for f in cleared})
    check_dates_allowed(target, {f: v for f, v in given.items() if v}, ladder)
    check_entry_date(current, target, dates)
    check_dates_in_order(dates)
    fields = {k: v for k, v in values.items() if k not in ("status", *cleared)}
    stored = {f: getattr(incident, f) for f in DATE_FIELDS}
    incident.revise(fields, actor)
    occurred = _occurred_at(target, given, stored)
    # Later states' dates go with the reopen (a non-empty one was refused above).
    from_status = current.status if current else incident.status  # names follow renames
    incident.transition(target, occurred, cleared, actor, from_status)
    if len(incident.pending_events) == recorded:
        return None
    # Built here, in the writer's thread: the aggregate changes with later batches.
    return Updated(current_incident_row(incident, target.status), incident.comment_count)


def comment_incident(
    batch: Batch, project_id: str, number: int, text: str, internal: bool, actor: str
) -> CanMutateAggregate[UUID]:
    """Add a comment; return its Commented event."""
    incident = load_incident(batch, project_id, number)
    incident.comment(text, internal, actor)
    # Events are immutable: the caller's thread may read this one after the save.
    return incident.pending_events[-1]


def delete_incident(batch: Batch, project_id: str, number: int, actor: str) -> None:
    """Hide an incident; its events stay."""
    load_incident(batch, project_id, number).delete(actor)


def load_incident(batch: Batch, project_id: str, number: int) -> Incident:
    """The live incident with this number in the project."""
    incident = batch.find(Incident.create_id(number), Incident)
    if incident is None or incident.deleted or incident.project_id != project_id:
        raise IncidentNotFound(number)
    return incident


def check_references(batch: Batch, project_id: str, values: dict[str, Any]) -> None:
    """The scope and service must exist in the project (400 otherwise)."""
    for kind in ("scope", "service"):
        number = values.get(f"{kind}_id")
        if number is not None and _live_item(batch, kind, project_id, number) is None:
            raise InvalidValue(kind, f"no {kind} {number} in this project")


def create_item(
    batch: Batch,
    numbers: NumberSequence,
    kind: str,
    project_id: str,
    values: dict[str, Any],
    actor: str,
) -> int:
    """Create a scope or service; return its number."""
    number = numbers.next_number(kind)
    if kind == "scope":
        batch.add(Scope.start(number, project_id, actor, values))
    else:
        batch.add(Service.start(number, project_id, actor, values))
    return number


def update_item(
    batch: Batch, kind: str, project_id: str, number: int, values: dict[str, Any], actor: str
) -> None:
    """Change a scope's or service's fields."""
    load_item(batch, kind, project_id, number).revise(values, actor)


def delete_item(
    batch: Batch, reads: ReadModel, kind: str, project_id: str, number: int, actor: str
) -> None:
    """Delete a scope or service no live incident uses (run exclusive: reads are current)."""
    item = load_item(batch, kind, project_id, number)
    if reads.in_use("incidents", f"{kind}_id", number):
        raise InUse(f"{kind} {number} is used by a live incident")
    item.delete(actor)


def load_item(batch: Batch, kind: str, project_id: str, number: int) -> CatalogItem:
    """The live scope or service with this number in the project."""
    item = _live_item(batch, kind, project_id, number)
    if item is None:
        raise CatalogItemNotFound(f"{kind} {number} not found")
    return item


def _live_item(batch: Batch, kind: str, project_id: str, number: int) -> CatalogItem | None:
    cls = CATALOG_KINDS[kind]
    item = batch.find(cls.create_id(number), cls)
    if item is None or item.deleted or item.project_id != project_id:
        return None
    return item


def _cleared(current: StateRef | None, target: StateRef, ladder: Ladder) -> list[str]:
    if current is not None and target.order < current.order:
        return cleared_on_reopen(target, ladder)
    return []


def _occurred_at(
    target: StateRef, given: dict[str, str | None], stored: dict[str, str | None]
) -> str:
    """The business time of entering the target: the date given for it, else now.
    A date sent again as stored (a reopen that echoes the whole incident) names
    the first entry, not this one."""
    field = target.date_field
    value = given.get(field) if field else None
    if value and field and value != stored.get(field):
        return value
    return iso(datetime.now(UTC))


class InUse(Conflict):
    """The resource is still used by a live incident."""
