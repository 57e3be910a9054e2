"""The generic list language of the seed's routes: query, select, sort, skip, limit.

Requests are checked here against a resource's fields and turned into frozen
specs; the read model turns a spec into SQL. Every problem is an
InvalidRequest naming the field or value at fault.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from application.errors import InvalidRequest
from application.query_values import coerce, read_integer, shown


class Kind(Enum):
    """How a field's values are checked, compared and stored."""

    ID = "id"
    TEXT = "text"
    INSTANT = "instant"
    BOOL = "bool"
    INT = "int"
    JSON = "json"
    RELATION = "relation"


@dataclass(frozen=True)
class Field:
    """A field of a resource as clients name it, and its column."""

    name: str
    column: str
    kind: Kind
    nullable: bool = True

    @property
    def queryable(self) -> bool:
        """Free-form and relation fields are selectable only."""
        return self.kind not in (Kind.JSON, Kind.RELATION)


def _stored_bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _stored_json(value: Any) -> Any:
    return None if value is None else json.loads(value)


# The kinds a store gives back otherwise than clients see them: JSON kept as
# text, booleans as 0/1 on SQLite. The read model and answers built from a
# projected row (Listing.present) decode them alike.
STORED_DECODERS: dict[Kind, Callable[[Any], Any]] = {
    Kind.BOOL: _stored_bool,
    Kind.JSON: _stored_json,
}


@dataclass(frozen=True)
class Resource:
    """A listable resource: its table, fields and default order."""

    name: str
    table: str
    fields: tuple[Field, ...]
    default_sort: tuple[tuple[str, bool], ...] = (("created_at", True),)
    # How a reader without a key sees rows: "self" (the row's public flag),
    # "scope" (the row's scope is public) or None (never).
    public_via: str | None = None

    def by_column(self, column: str) -> Field:
        """The field stored in this column."""
        return next(f for f in self.fields if f.column == column)

    def field(self, name: str, context: str) -> Field:
        """The field called name, or a 400 naming it."""
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise InvalidRequest(f"{context}: unknown field {name!r}")

    @property
    def columns(self) -> tuple[str, ...]:
        """The stored columns (relations are not columns)."""
        return tuple(f.column for f in self.fields if f.kind is not Kind.RELATION)


@dataclass(frozen=True)
class Condition:
    """One test on one column; all conditions of a query must hold."""

    column: str
    kind: Kind
    op: str
    values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class ListSpec:
    """A checked get-list request."""

    conditions: tuple[Condition, ...]
    fields: tuple[str, ...]
    sort: tuple[tuple[str, bool], ...]
    skip: int
    limit: int


COMPARISONS = (
    "EqualTo",
    "NotEqual",
    "GreaterThan",
    "GreaterThanOrEqual",
    "LessThan",
    "LessThanOrEqual",
)
TEXT_MATCHES = ("Search", "StartsWith", "EndsWith")
OPERATORS = (*COMPARISONS, *TEXT_MATCHES, "Includes", "IsNull", "NotNull", "InBetween")
ORDERED_KINDS = (Kind.TEXT, Kind.INSTANT, Kind.INT, Kind.ID)
DIRECTIONS = {1: False, -1: True, "ASC": False, "DESC": True, "asc": False, "desc": True}
LIMIT_DEFAULT, LIMIT_MAX = 10, 100
SKIP_MAX = 10**12


# Values a query may compare with, Includes lists included: each is a statement
# parameter, and Postgres takes at most 65,535 in one (a list's page and count
# may share one statement).
QUERY_VALUES_MAX = 10_000


def parse_query(resource: Resource, raw: object) -> tuple[Condition, ...]:
    """Check a query object; several keys are AND-combined."""
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        raise InvalidRequest("query: must be an object of field names")
    conditions = []
    for name, value in raw.items():
        field = resource.field(name, "query")
        if not field.queryable:
            raise InvalidRequest(f"query: field {name!r} cannot be queried")
        conditions.append(_condition(field, value))
    if sum(len(c.values) for c in conditions) > QUERY_VALUES_MAX:
        raise InvalidRequest(f"query: at most {QUERY_VALUES_MAX} values in all")
    return tuple(conditions)


def parse_select(resource: Resource, raw: object) -> tuple[str, ...]:
    """Check a select object; `_id` is always returned."""
    if raw is None:
        return ("_id",)
    if not isinstance(raw, Mapping):
        raise InvalidRequest('select: must be an object like {"name": true}')
    chosen = ["_id"]
    for name, wanted in raw.items():
        resource.field(name, "select")
        if not isinstance(wanted, bool):
            raise InvalidRequest(f"select.{name}: must be true or false")
        if wanted and name not in chosen:
            chosen.append(name)
    return tuple(chosen)


def parse_sort(resource: Resource, raw: object) -> tuple[tuple[str, bool], ...]:
    """Check a sort object; ties are always broken by id so pages never overlap."""
    if raw is None or raw == {}:
        order = list(resource.default_sort)
    elif not isinstance(raw, Mapping):
        raise InvalidRequest('sort: must be an object like {"createdAt": -1}')
    else:
        order = [_sort_key(resource, name, direction) for name, direction in raw.items()]
    if all(column != "id" for column, _ in order):
        # Same direction as the last key, so an index read backwards serves both.
        order.append(("id", order[-1][1]))
    return tuple(order)


def parse_paging(skip: object, limit: object) -> tuple[int, int]:
    """Check skip (>= 0, default 0) and limit (1-100, default 10)."""
    skip_n = _whole_number("skip", skip, 0)
    limit_n = _whole_number("limit", limit, LIMIT_DEFAULT)
    if not 0 <= skip_n <= SKIP_MAX:
        raise InvalidRequest(f"skip: must be between 0 and {SKIP_MAX}")
    if not 1 <= limit_n <= LIMIT_MAX:
        raise InvalidRequest(f"limit: must be between 1 and {LIMIT_MAX}")
    return skip_n, limit_n


def _whole_number(name: str, value: object, default: int) -> int:
    if value is None or value == "":
        return default
    number = read_integer(value, plus=False)
    if number is None:
        raise InvalidRequest(f"{name}: must be a whole number")
    return number


def _sort_key(resource: Resource, name: str, direction: object) -> tuple[str, bool]:
    field = resource.field(name, "sort")
    if not field.queryable:
        raise InvalidRequest(f"sort: field {name!r} cannot be sorted")
    if (
        isinstance(direction, bool)
        or not isinstance(direction, (int, str))
        or direction not in DIRECTIONS
    ):
        raise InvalidRequest(f'sort.{name}: direction must be 1, -1, "ASC" or "DESC"')
    return field.column, DIRECTIONS[direction]


def _condition(field: Field, value: Any) -> Condition:
    if value is None:
        return Condition(field.column, field.kind, "IsNull")
    if isinstance(value, list):
        return _includes(field, value)
    if isinstance(value, Mapping):
        return _operator(field, value)
    return Condition(field.column, field.kind, "EqualTo", (coerce(field, value),))


def _includes(field: Field, values: list[Any]) -> Condition:
    if len(values) > QUERY_VALUES_MAX:  # before coercing them all
        raise InvalidRequest(f"query.{field.name}: at most {QUERY_VALUES_MAX} values")
    return Condition(field.column, field.kind, "Includes", tuple(coerce(field, v) for v in values))


def _operator(field: Field, spec: Mapping[str, Any]) -> Condition:
    op = spec.get("_type")
    if op not in OPERATORS:
        raise InvalidRequest(
            f"query.{field.name}: unknown operator {shown(op)}; use one of {', '.join(OPERATORS)}"
        )
    builder = _BUILDERS.get(op, _comparison)
    return builder(field, op, spec)


def _comparison(field: Field, op: str, spec: Mapping[str, Any]) -> Condition:
    value = _required(field, spec, "value")
    if value is None and op in ("EqualTo", "NotEqual"):
        return Condition(field.column, field.kind, "IsNull" if op == "EqualTo" else "NotNull")
    if op not in ("EqualTo", "NotEqual"):
        _check_ordered(field, op)
    return Condition(field.column, field.kind, op, (coerce(field, value),))


def _text_match(field: Field, op: str, spec: Mapping[str, Any]) -> Condition:
    value = _required(field, spec, "value")
    if field.kind is not Kind.TEXT:
        raise InvalidRequest(f"query.{field.name}: {op} applies to text fields only")
    if not isinstance(value, str):
        raise InvalidRequest(f"query.{field.name}: {op} needs a string value")
    return Condition(field.column, field.kind, op, (coerce(field, value),))


def _includes_op(field: Field, op: str, spec: Mapping[str, Any]) -> Condition:
    value = _required(field, spec, "value")
    if not isinstance(value, list):
        raise InvalidRequest(f"query.{field.name}: Includes needs an array value")
    return _includes(field, value)


def _null_test(field: Field, op: str, spec: Mapping[str, Any]) -> Condition:
    return Condition(field.column, field.kind, op)


def _between(field: Field, op: str, spec: Mapping[str, Any]) -> Condition:
    _check_ordered(field, op)
    start = coerce(field, _required(field, spec, "startValue"))
    end = coerce(field, _required(field, spec, "endValue"))
    return Condition(field.column, field.kind, op, (start, end))


_BUILDERS: dict[str, Callable[[Field, str, Mapping[str, Any]], Condition]] = {
    "Search": _text_match,
    "StartsWith": _text_match,
    "EndsWith": _text_match,
    "Includes": _includes_op,
    "IsNull": _null_test,
    "NotNull": _null_test,
    "InBetween": _between,
}


def _required(field: Field, spec: Mapping[str, Any], key: str) -> Any:
    if key not in spec:
        raise InvalidRequest(f"query.{field.name}: {spec.get('_type')} needs {key!r}")
    return spec[key]


def _check_ordered(field: Field, op: str) -> None:
    if field.kind not in ORDERED_KINDS:
        raise InvalidRequest(
            f"query.{field.name}: {op} does not apply to {field.kind.value} fields"
        )
