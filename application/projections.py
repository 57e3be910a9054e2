"""How events become read-model rows. Pure: the store applies the row changes
together with the tracking position, in one transaction."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from application.ports import Patch, PatchWhere, Remove, RowChange, Upsert
from application.times import iso
from domain.incident import CREATED_FIELDS
from domain.incident_rules import DATE_FIELDS
from domain.state_rules import name_key

STATE_COLUMNS = {"order": "order_no"}
# The dates a transition sets (the start of impact is given at creation).
STATE_DATES = DATE_FIELDS[1:]


def row_changes(event: Any) -> list[RowChange]:
    """The read-model changes one event makes; most events of index aggregates make none."""
    handler = _HANDLERS.get(type(event).__qualname__)
    return handler(event) if handler else []


def _state_value(field: str, value: Any) -> Any:
    if field == "created_by_user":
        return None if value is None else json.dumps(value)
    return value


def state_row(e: Any) -> dict[str, Any]:
    """The read-model row (by column) of a new incident state, from its Created event."""
    row = {
        "id": str(e.originator_id),
        "project_id": e.project_id,
        "created_at": iso(e.timestamp),
        "updated_at": iso(e.timestamp),
    }
    for field in (
        "name",
        "slug",
        "description",
        "created_by_user_id",
        "created_by_user",
        "color",
        "is_created_state",
        "is_acknowledged_state",
        "is_resolved_state",
        "order",
    ):
        row[STATE_COLUMNS.get(field, field)] = _state_value(field, getattr(e, field))
    return row


def _state_created(e: Any) -> list[RowChange]:
    return [Upsert("incident_states", str(e.originator_id), state_row(e))]


def _state_updated(e: Any) -> list[RowChange]:
    values = {
        STATE_COLUMNS.get(field, field): _state_value(field, change["after"])
        for field, change in e.changes.items()
    }
    values["updated_at"] = iso(e.timestamp)
    changes: list[RowChange] = [Patch("incident_states", str(e.originator_id), values)]
    if "name" in e.changes:
        # An incident's status is its state's name: renaming the state renames it.
        status = {"status": name_key(e.changes["name"]["after"])}
        changes.append(PatchWhere("incidents", "current_state_id", str(e.originator_id), status))
    return changes


def _state_reordered(e: Any) -> list[RowChange]:
    values = {"order_no": e.after, "updated_at": iso(e.timestamp)}
    return [Patch("incident_states", str(e.originator_id), values)]


def _state_deleted(e: Any) -> list[RowChange]:
    return [Remove("incident_states", str(e.originator_id))]


def _project_created(e: Any) -> list[RowChange]:
    key = str(e.originator_id)
    return [Upsert("projects", key, {"id": key, "name": e.name, "created_at": iso(e.timestamp)})]


def _key_issued(e: Any) -> list[RowChange]:
    key = str(e.originator_id)
    row = {
        "id": key,
        "project_id": e.project_id,
        "key_hash": e.key_hash,
        "role": e.role,
        "permissions": json.dumps(list(e.permissions)),
        "revoked": False,
        "created_at": iso(e.timestamp),
    }
    return [Upsert("api_keys", key, row)]


def _key_revoked(e: Any) -> list[RowChange]:
    return [Patch("api_keys", str(e.originator_id), {"revoked": True})]


def incident_row(e: Any) -> dict[str, Any]:
    """The read-model row (by column) of a new incident, from its Created event."""
    created = iso(e.timestamp)
    dates = dict.fromkeys(STATE_DATES)
    return _incident_row(e, e.originator_id, e.state_id, e.status, dates, created, created)


def current_incident_row(incident: Any, status: str) -> dict[str, Any]:
    """The read-model row (by column) of an incident the events just recorded have made
    of it, the last of them an update or a transition (which stamp updated_at).

    status: its state's name now (the row follows renames; the aggregate does not).
    """
    dates = {f: getattr(incident, f) for f in STATE_DATES}
    created, updated = iso(incident.created_on), iso(incident.modified_on)
    return _incident_row(incident, incident.id, incident.state_id, status, dates, created, updated)


def _incident_row(
    source: Any,
    incident_id: Any,
    state_id: str,
    status: str,
    dates: dict[str, Any],
    created_at: str,
    updated_at: str,
) -> dict[str, Any]:
    row = {column: getattr(source, column) for column in CREATED_FIELDS}
    row.update(dates)
    row.update(
        id=str(incident_id),
        current_state_id=state_id,
        status=status,
        created_at=created_at,
        updated_at=updated_at,
    )
    return row


def _incident_created(e: Any) -> list[RowChange]:
    return [Upsert("incidents", str(e.originator_id), incident_row(e))]


def _incident_updated(e: Any) -> list[RowChange]:
    values = {field: change["after"] for field, change in e.changes.items()}
    values["updated_at"] = iso(e.timestamp)
    return [Patch("incidents", str(e.originator_id), values)]


def _incident_transitioned(e: Any) -> list[RowChange]:
    values: dict[str, Any] = {field: None for field in e.cleared}
    values.update(current_state_id=e.to_state_id, status=e.to_status, updated_at=iso(e.timestamp))
    return [Patch("incidents", str(e.originator_id), values)]


def comment_row(e: Any) -> dict[str, Any]:
    """The read-model row (by column) of a comment, from its Commented event."""
    return {
        "id": f"{e.originator_id}:{e.comment_id}",
        "incident_id": str(e.originator_id),
        "comment_id": e.comment_id,
        "comment": e.comment,
        "internal": e.internal,
        "created_at": iso(e.timestamp),
        "author": e.actor,
    }


def comment_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """A comment's row (by column, as stored or as read back) as the API shows it."""
    return {
        "id": row["comment_id"],
        "comment": row["comment"],
        "internal": bool(row["internal"]),
        "created_at": row["created_at"],
        "author": row["author"],
    }


def _incident_commented(e: Any) -> list[RowChange]:
    row = comment_row(e)
    return [Upsert("comments", row["id"], row)]


def _incident_deleted(e: Any) -> list[RowChange]:
    return [Remove("incidents", str(e.originator_id))]


def _item_created(table: str) -> Callable[[Any], list[RowChange]]:
    def created(e: Any) -> list[RowChange]:
        key = str(e.originator_id)
        row = {
            "id": key,
            "number": e.number,
            "project_id": e.project_id,
            "name": e.name,
            "description": e.description,
            "created_at": iso(e.timestamp),
            "updated_at": iso(e.timestamp),
        }
        if table == "scopes":
            row["public"] = e.public
        return [Upsert(table, key, row)]

    return created


def _item_updated(e: Any) -> list[RowChange]:
    values = {field: change["after"] for field, change in e.changes.items()}
    values["updated_at"] = iso(e.timestamp)
    return [Patch(f"{e.kind}s", str(e.originator_id), values)]


def _item_deleted(e: Any) -> list[RowChange]:
    return [Remove(f"{e.kind}s", str(e.originator_id))]


# Keyed by the event's qualified name, which is also the stored topic's tail.
_HANDLERS: dict[str, Callable[[Any], list[RowChange]]] = {
    "IncidentState.Created": _state_created,
    "IncidentState.Updated": _state_updated,
    "IncidentState.Reordered": _state_reordered,
    "IncidentState.Deleted": _state_deleted,
    "Project.Created": _project_created,
    "ApiKey.Issued": _key_issued,
    "ApiKey.Revoked": _key_revoked,
    "Incident.Created": _incident_created,
    "Incident.Updated": _incident_updated,
    "Incident.Transitioned": _incident_transitioned,
    "Incident.Commented": _incident_commented,
    "Incident.Deleted": _incident_deleted,
    "Scope.Created": _item_created("scopes"),
    "Service.Created": _item_created("services"),
    "CatalogItem.Updated": _item_updated,
    "CatalogItem.Deleted": _item_deleted,
}
