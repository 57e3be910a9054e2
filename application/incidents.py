"""Use cases of the Incident API (seed 001): commands through the writer, reads
from the projected read models, audit history and timeline from the events."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from application import incident_commands as commands
from application.access import Principal
from application.errors import InvalidRequest
from application.history import HistoryEntry, entry
from application.incident_values import (
    CREATE_REQUIRED,
    UPDATE_REQUIRED,
    body_id,
    check_incident,
    flag,
    instant,
    integer,
    path_id,
    whole_number,
)
from application.jobs import Hint
from application.ledger import Ledger
from application.listing import Listing
from application.ports import NumberSequence, ReadModel
from application.projections import comment_row, comment_view, incident_row
from application.query import Condition, Kind, ListSpec, parse_query
from application.query_values import INT_MAX
from application.resources import INCIDENT, INCIDENT_SEED_FIELDS, INCIDENT_STATE
from application.timeline import Period, state_ids, timeline
from application.writer import Writer
from domain.errors import InvalidValue
from domain.incident import CREATED_FIELDS, Incident, IncidentNotFound, check_comment
from domain.incident_rules import SEVERITIES
from domain.state_rules import name_key

Item = Mapping[str, Any]
ALL_FIELDS = tuple(f.name for f in INCIDENT.fields)
SEED_NAMES = {INCIDENT.by_column(col).name: seed for seed, col in INCIDENT_SEED_FIELDS.items()}
SEED_PAIRS = tuple((f.name, SEED_NAMES[f.name]) for f in INCIDENT.fields if f.name in SEED_NAMES)
HISTORY_NAMES = {"scope_id": "scope", "service_id": "service"}
FILTERS = {
    "status": ("status", "EqualTo"),
    "severity": ("severity", "EqualTo"),
    "scope": ("scope_id", "EqualTo"),
    "service": ("service_id", "EqualTo"),
    "external_reference": ("external_reference", "EqualTo"),
    "impact_before": ("start_impact_date", "LessThan"),
    "impact_after": ("start_impact_date", "GreaterThan"),
}
PER_PAGE_DEFAULT, PER_PAGE_MAX = 20, 100
STATES_MAX = 1_000  # more states than any project has; a list reads them in one page


@dataclass(frozen=True)
class IncidentPage:
    """A page of incidents, newest first, and the total matching the filters."""

    total: int
    page: int
    per_page: int
    items: tuple[Item, ...]


class Incidents:
    """Create, change, transition, comment, delete and read a project's incidents.

    A principal of None is a reader without a key: public scopes only, no
    internal comments. Permissions are declared on the routes.
    """

    def __init__(
        self, ledger: Ledger, writer: Writer, reads: ReadModel, numbers: NumberSequence
    ) -> None:
        self._ledger = ledger
        self._writer = writer
        self._reads = reads
        self._numbers = numbers
        self.listing = Listing(INCIDENT, reads)

    def create(self, who: Principal, raw: Mapping[str, Any]) -> Item:
        """Open an incident; return it as stored."""
        values = check_incident(raw, CREATE_REQUIRED)
        created = self._writer.run(
            lambda b: commands.create_incident(b, self._numbers, who.project_id, values, who.key_id)
        )
        # As the projection stored it, without reading it back; no comments yet.
        row = incident_row(created)
        view = stored_view(row)
        return MappingProxyType({**view, "comments": []})

    def update(self, who: Principal, number: str, raw: Mapping[str, Any]) -> Item:
        """Change an incident under the status and date rules; return it as this update
        left it (a later command of the same batch, another request's, may already
        have changed it again: a get then reads that)."""
        n = incident_number(number)
        values = check_incident(body_id(raw, n), UPDATE_REQUIRED)
        updated = self._writer.run(
            lambda b: commands.update_incident(b, who.project_id, n, values, who.key_id),
            prefetch=incident_hint(n),
        )
        if updated is None:  # nothing changed
            return self.get(who, n)
        # As the projection stored it, without reading it back (but its comments:
        # those it had, not those other requests added since).
        row, count = updated.row, updated.comment_count
        comments = self._reads.comments(row["id"], internal=True) if count else []
        return MappingProxyType({**stored_view(row), "comments": comments[:count]})

    def comment(self, who: Principal, number: str, raw: Mapping[str, Any]) -> Item:
        """Add a comment; return it."""
        n = incident_number(number)
        fields = body_id(raw, n)
        unknown = sorted(set(fields) - {"comment", "internal"})
        if unknown:
            raise InvalidRequest(f"{unknown[0]}: is not a field of a comment")
        text = fields.get("comment")
        if text is None:
            raise InvalidRequest("comment: is required")
        if not isinstance(text, str):
            raise InvalidRequest("comment: must be a string")
        check_comment(text)
        internal = flag("internal", fields.get("internal", False))
        commented = self._writer.run(
            lambda b: commands.comment_incident(b, who.project_id, n, text, internal, who.key_id),
            prefetch=incident_hint(n),
        )
        # As the projection stored it, without reading it back.
        return MappingProxyType(comment_view(comment_row(commented)))

    def delete(self, who: Principal, number: str) -> None:
        """Hide an incident; its history stays readable."""
        n = incident_number(number)
        self._writer.run(lambda b: commands.delete_incident(b, who.project_id, n, who.key_id))

    def get(self, who: Principal | None, number: int | str) -> Item:
        """One incident with its visible comments."""
        row = self._row(who, incident_number(number), with_comments=True)
        view = seed_view(row)
        view["comments"] = row["comments"]
        return MappingProxyType(view)

    def comments(self, who: Principal, number: str) -> tuple[Item, ...]:
        """An incident's comments, oldest first."""
        row = self._row(who, incident_number(number))
        return tuple(MappingProxyType(c) for c in self._reads.comments(row["_id"], internal=True))

    def list(
        self, who: Principal | None, filters: Mapping[str, str], page: Any, per_page: Any
    ) -> IncidentPage:
        """The seed's filtered, paginated list, newest first."""
        conditions = self._filters(filters)
        page_n, per_page_n = paging(page, per_page)
        spec = ListSpec(
            conditions, ALL_FIELDS, (("number", True),), (page_n - 1) * per_page_n, per_page_n
        )
        project = who.project_id if who else None
        rows, total = self._reads.page(INCIDENT, project, spec)
        if total == 0 and who is not None and "status" in filters:
            # Only an empty answer may hide a misspelt status: an incident's
            # status is always the name of one of its project's states.
            self._check_status(who, conditions)
        return IncidentPage(total, page_n, per_page_n, tuple(seed_view(r) for r in rows))

    def history(self, who: Principal, number: str) -> tuple[HistoryEntry, ...]:
        """Every event of the incident in order, also after deletion."""
        events = self._events(who, incident_number(number))
        fields = (*CREATED_FIELDS, "status")
        return tuple(entry(e, HISTORY_NAMES, fields) for e in events)

    def timeline(self, who: Principal, number: str) -> tuple[Period, ...]:
        """One row per stay in a state, from the business dates."""
        events = self._events(who, incident_number(number))
        return timeline(events, self._state_names(who, state_ids(events)))

    def _row(
        self, who: Principal | None, number: int, *, with_comments: bool = False
    ) -> dict[str, Any]:
        """The visible incident's row (with its visible comments, if asked), or a 404."""
        project = who.project_id if who else None
        if with_comments:
            row = self._reads.get_with_comments(
                INCIDENT, project, number, ALL_FIELDS, key_column="number", internal=who is not None
            )
        else:
            row = self._reads.get(INCIDENT, project, number, ALL_FIELDS, key_column="number")
        if row is None:
            raise IncidentNotFound(number)
        return row

    def _events(self, who: Principal, number: int) -> builtins.list[Any]:
        events = self._ledger.events_of(Incident.create_id(number))
        if not events or type(events[0]).__qualname__ != "Incident.Created":
            raise IncidentNotFound(number)
        if events[0].project_id != who.project_id:
            raise IncidentNotFound(number)
        return events

    @staticmethod
    def _filters(filters: Mapping[str, str]) -> tuple[Condition, ...]:
        unknown = sorted(set(filters) - set(FILTERS))
        if unknown:
            raise InvalidRequest(f"{unknown[0]}: unknown filter; use {', '.join(FILTERS)}")
        for name, value in filters.items():
            if "\x00" in value:  # no store compares text with NUL (Postgres refuses it)
                raise InvalidRequest(f"{name}: must not contain NUL characters")
        return tuple(_condition(name, value) for name, value in filters.items())

    def _state_names(self, who: Principal, ids: set[str] | None = None) -> dict[str, str]:
        """The status each of the project's states (or of these) is named now; deleted
        states are left out."""
        conditions = parse_query(INCIDENT_STATE, {"_id": sorted(ids)}) if ids else ()
        limit = len(ids) if ids else STATES_MAX
        spec = ListSpec(conditions, ("_id", "name"), (("order_no", False),), 0, limit)
        rows = self._reads.list(INCIDENT_STATE, who.project_id, spec)
        return {str(row["_id"]): name_key(row["name"]) for row in rows}

    def _check_status(self, who: Principal, conditions: tuple[Condition, ...]) -> None:
        """With a key, a status must name one of the project's states."""
        status = next(c.values[0] for c in conditions if c.column == "status")
        names = set(self._state_names(who).values())
        if status not in names:
            raise InvalidRequest(f"status: must be one of {', '.join(sorted(names))}")


def _condition(name: str, value: str) -> Condition:
    column, op = FILTERS[name]
    kind = INCIDENT.by_column(column).kind
    if name in ("scope", "service"):
        return Condition(column, kind, op, (whole_number(name, value),))
    if name in ("impact_before", "impact_after"):
        return Condition(column, kind, op, (instant(name, value),))
    if name == "severity":
        value = value.strip().lower()
        if value not in SEVERITIES:
            raise InvalidRequest(f"severity: must be one of {', '.join(SEVERITIES)}")
    value = value.strip()  # as the stored values are
    if not value:
        raise InvalidRequest(f"{name}: must not be empty")
    return Condition(column, Kind.TEXT, op, (value.lower() if name == "status" else value,))


def stored_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """An incident's read-model row (by column, as the projection writes it) under the
    seed's field names."""
    return seed_view({f.name: row[f.column] for f in INCIDENT.fields})


def seed_view(row: Mapping[str, Any]) -> dict[str, Any]:
    """An incident under the seed's field names."""
    return {seed: row[name] for name, seed in SEED_PAIRS if name in row}


def incident_hint(number: int) -> list[Hint]:
    """The writer's prefetch hint for a command on this incident."""
    return [(Incident.create_id(number), Incident)]


def incident_number(value: int | str) -> int:
    """A path id as an incident number: a 400 if not an integer, a 404 if none can have it."""
    number = path_id(value)
    if number is None:
        raise IncidentNotFound(str(value).strip())
    return number


def paging(page: Any, per_page: Any) -> tuple[int, int]:
    """page >= 1 (default 1); per_page 1-100 (default 20)."""
    page_n = 1 if page in (None, "") else integer("page", page)
    per_page_n = PER_PAGE_DEFAULT if per_page in (None, "") else integer("per_page", per_page)
    if page_n < 1:
        raise InvalidRequest("page: must be 1 or more")
    if not 1 <= per_page_n <= PER_PAGE_MAX:
        raise InvalidRequest(f"per_page: must be between 1 and {PER_PAGE_MAX}")
    if (page_n - 1) * per_page_n > INT_MAX:  # an offset no store can take
        raise InvalidValue("page", "is out of range")
    return page_n, per_page_n
