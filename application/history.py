"""Audit history: an aggregate's events as auditors read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from application.times import iso


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded event: what changed, who did it and when."""

    version: int
    type: str
    recorded_at: str
    actor: str | None
    changes: Mapping[str, Mapping[str, Any]]
    occurred_at: str | None = None
    # A side effect's cause: the state whose change moved this one's order or flags.
    caused_by: str | None = None


def entry(event: Any, names: Mapping[str, str], created_fields: tuple[str, ...]) -> HistoryEntry:
    """Describe an event, naming fields as clients know them."""
    return HistoryEntry(
        version=event.originator_version,
        type=type(event).__qualname__,
        recorded_at=iso(event.timestamp),
        actor=getattr(event, "actor", None),
        changes=MappingProxyType(_changes(event, names, created_fields)),
        occurred_at=getattr(event, "occurred_at", None),
        caused_by=getattr(event, "caused_by", None),
    )


def _changes(
    event: Any, names: Mapping[str, str], created_fields: tuple[str, ...]
) -> dict[str, Mapping[str, Any]]:
    kind = type(event).__name__
    if kind == "Created":
        return {
            names.get(f, f): {"before": None, "after": getattr(event, f)} for f in created_fields
        }
    if kind == "Reordered":
        return {names.get("order", "order"): {"before": event.before, "after": event.after}}
    if kind == "Transitioned":
        moved = {"status": {"before": event.from_status, "after": event.to_status}}
        return moved | {
            names.get(f, f): {"before": v, "after": None} for f, v in event.cleared.items()
        }
    if kind == "Commented":
        return {
            "comment_id": {"before": None, "after": event.comment_id},
            "comment": {"before": None, "after": event.comment},
            "internal": {"before": None, "after": event.internal},
        }
    raw = getattr(event, "changes", None) or {}
    return {names.get(f, f): change for f, change in raw.items()}
