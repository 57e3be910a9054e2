"""Queries over the projected tables: the list language compiled to SQL."""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Sequence
from typing import Any

from application.ports import KeyRecord, ProjectRecord
from application.query import Condition, Field, Kind, ListSpec, Resource
from infrastructure.databases import Database


class SqlReadModel:
    """The ReadModel port on an SQL database; every query is scoped to a project."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._m = db.mark

    def list(self, resource: Resource, project_id: str, spec: ListSpec) -> list[dict[str, Any]]:
        """The page of rows the spec asks for."""
        fields = _stored(resource, spec.fields)
        where, params = self._where(project_id, spec.conditions)
        order = ", ".join(self._order(resource, column, desc) for column, desc in spec.sort)
        sql = (
            f"SELECT {_columns(fields)} FROM {resource.table} WHERE {where} "
            f"ORDER BY {order} LIMIT {self._m} OFFSET {self._m}"
        )
        with self._db.reading() as cur:
            cur.execute(sql, (*params, spec.limit, spec.skip))
            rows = cur.fetchall()
        return [_decode(fields, row) for row in rows]

    def count(self, resource: Resource, project_id: str, conditions: Sequence[Condition]) -> int:
        """How many rows of the project match."""
        where, params = self._where(project_id, conditions)
        with self._db.reading() as cur:
            cur.execute(f"SELECT COUNT(*) FROM {resource.table} WHERE {where}", params)
            return int(cur.fetchone()[0])

    def get(
        self, resource: Resource, project_id: str, key: str, fields: Sequence[str]
    ) -> dict[str, Any] | None:
        """One row by id, or None."""
        stored = _stored(resource, fields)
        sql = (
            f"SELECT {_columns(stored)} FROM {resource.table} "
            f"WHERE id = {self._m} AND project_id = {self._m}"
        )
        with self._db.reading() as cur:
            cur.execute(sql, (key, project_id))
            row = cur.fetchone()
        return None if row is None else _decode(stored, row)

    def find_key(self, key_hash: str) -> KeyRecord | None:
        """The live key with this hash."""
        sql = (
            "SELECT id, project_id, role, permissions FROM api_keys "
            f"WHERE key_hash = {self._m} AND revoked = {self._m}"
        )
        with self._db.reading() as cur:
            cur.execute(sql, (key_hash, False))
            row = cur.fetchone()
        if row is None:
            return None
        return KeyRecord(row[0], row[1], row[2], tuple(json.loads(row[3])))

    def projects(self) -> builtins.list[ProjectRecord]:
        """Every project, oldest first."""
        with self._db.reading() as cur:
            cur.execute("SELECT id, name, created_at FROM projects ORDER BY created_at, id")
            return [ProjectRecord(r[0], r[1], r[2]) for r in cur.fetchall()]

    def project_name(self, project_id: str) -> str | None:
        """The project's name."""
        with self._db.reading() as cur:
            cur.execute(f"SELECT name FROM projects WHERE id = {self._m}", (project_id,))
            row = cur.fetchone()
        return None if row is None else str(row[0])

    def _where(
        self, project_id: str, conditions: Sequence[Condition]
    ) -> tuple[str, builtins.list[Any]]:
        clauses, params = [f"project_id = {self._m}"], [project_id]
        for condition in conditions:
            clause, values = _SQL[condition.op](f'"{condition.column}"', self._m, condition.values)
            clauses.append(clause)
            params.extend(values)
        return " AND ".join(clauses), params

    def _order(self, resource: Resource, column: str, desc: bool) -> str:
        kind = next((f.kind for f in resource.fields if f.column == column), Kind.ID)
        collate = self._db.text_order if kind is Kind.TEXT else ""
        # NULLs sort as the smallest value on both stores.
        direction = "DESC NULLS LAST" if desc else "ASC NULLS FIRST"
        return f'"{column}"{collate} {direction}'


def _stored(resource: Resource, names: Sequence[str]) -> list[Field]:
    return [f for f in resource.fields if f.name in names and f.kind is not Kind.RELATION]


def _columns(fields: Sequence[Field]) -> str:
    return ", ".join(f'"{f.column}"' for f in fields)


def _decode(fields: Sequence[Field], row: Sequence[Any]) -> dict[str, Any]:
    return {f.name: _DECODERS.get(f.kind, _same)(v) for f, v in zip(fields, row, strict=True)}


def _same(value: Any) -> Any:
    return value


def _bool(value: Any) -> Any:
    return None if value is None else bool(value)


def _json(value: Any) -> Any:
    return None if value is None else json.loads(value)


_DECODERS: dict[Kind, Callable[[Any], Any]] = {Kind.BOOL: _bool, Kind.JSON: _json}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


Compiler = Callable[[str, str, tuple[Any, ...]], tuple[str, list[Any]]]


def _binary(op: str) -> Compiler:
    return lambda col, m, v: (f"{col} {op} {m}", [v[0]])


def _not_equal(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"({col} IS NULL OR {col} <> {m})", [v[0]]


def _search(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"LOWER({col}) LIKE {m} ESCAPE '\\'", [f"%{_like_escape(v[0].lower())}%"]


def _starts(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} LIKE {m} ESCAPE '\\'", [f"{_like_escape(v[0])}%"]


def _ends(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} LIKE {m} ESCAPE '\\'", [f"%{_like_escape(v[0])}"]


def _includes(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    if not v:
        return "1 = 0", []
    return f"{col} IN ({', '.join([m] * len(v))})", list(v)


def _between(col: str, m: str, v: tuple[Any, ...]) -> tuple[str, list[Any]]:
    return f"{col} BETWEEN {m} AND {m}", [v[0], v[1]]


_SQL: dict[str, Compiler] = {
    "EqualTo": _binary("="),
    "NotEqual": _not_equal,
    "GreaterThan": _binary(">"),
    "GreaterThanOrEqual": _binary(">="),
    "LessThan": _binary("<"),
    "LessThanOrEqual": _binary("<="),
    "Search": _search,
    "StartsWith": _starts,
    "EndsWith": _ends,
    "Includes": _includes,
    "IsNull": lambda col, m, v: (f"{col} IS NULL", []),
    "NotNull": lambda col, m, v: (f"{col} IS NOT NULL", []),
    "InBetween": _between,
}
