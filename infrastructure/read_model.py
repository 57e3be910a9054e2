"""Queries over the projected tables: the list language compiled to SQL."""

from __future__ import annotations

import builtins
import json
from collections.abc import Callable, Sequence
from typing import Any

from application.ports import KeyRecord, ProjectRecord
from application.query import STORED_DECODERS, Condition, Field, Kind, ListSpec, Resource
from infrastructure.comment_sql import comment_row, comments_json, comments_sql
from infrastructure.databases import Database
from infrastructure.sql_conditions import COMPILERS, ORDERED_OPS, PUBLIC_RULES
from infrastructure.tally import TALLIES

PROJECT_NAMES_KEPT = 10_000


class SqlReadModel:
    """The ReadModel port on an SQL database; every query is scoped to a project."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._m = db.mark
        # A project is never renamed nor deleted, so a name once read holds for
        # good: a get-item or create that shows `project` costs no query for it.
        self._project_names: dict[str, str] = {}

    def list(
        self, resource: Resource, project_id: str | None, spec: ListSpec
    ) -> builtins.list[dict[str, Any]]:
        """The page of rows the spec asks for."""
        fields = _stored(resource, spec.fields)
        sql, params = self._page_sql(resource, project_id, spec, fields)
        with self._db.reading() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        decode = _decoder(fields)
        return [decode(row) for row in rows]

    def page(
        self, resource: Resource, project_id: str | None, spec: ListSpec
    ) -> tuple[builtins.list[dict[str, Any]], int]:
        """The page of rows and how many rows match in all: one statement, one snapshot."""
        fields = _stored(resource, spec.fields)
        count_sql, count_params = self._count_sql(resource, project_id, spec.conditions)
        # The total rides on every row as a scalar subquery, which both stores
        # run once: a list costs one round trip instead of two.
        sql, params = self._page_sql(resource, project_id, spec, fields, f"({count_sql})")
        with self._db.reading() as cur:
            cur.execute(sql, (*count_params, *params))
            rows = cur.fetchall()
        if rows:
            decode = _decoder(fields)
            return [decode(row) for row in rows], int(rows[0][-1])
        if spec.skip == 0:
            return [], 0
        return [], self.count(resource, project_id, spec.conditions)  # a page past the end

    def count(
        self, resource: Resource, project_id: str | None, conditions: Sequence[Condition]
    ) -> int:
        """How many visible rows match (summed from the groups' counts when they can tell)."""
        sql, params = self._count_sql(resource, project_id, conditions)
        with self._db.reading() as cur:
            cur.execute(sql, params)
            return int(cur.fetchone()[0])

    def _page_sql(
        self,
        resource: Resource,
        project_id: str | None,
        spec: ListSpec,
        fields: Sequence[Field],
        extra: str = "",
    ) -> tuple[str, builtins.list[Any]]:
        where, params = self._where(resource, project_id, spec.conditions)
        order = ", ".join(self._order(resource, column, desc) for column, desc in spec.sort)
        columns = ", ".join(c for c in (_columns(fields), extra) if c)
        sql = (
            f"SELECT {columns} FROM {resource.table} WHERE {where} "
            f"ORDER BY {order} LIMIT {self._m} OFFSET {self._m}"
        )
        return sql, [*params, spec.limit, spec.skip]

    def _count_sql(
        self, resource: Resource, project_id: str | None, conditions: Sequence[Condition]
    ) -> tuple[str, builtins.list[Any]]:
        where, params = self._where(resource, project_id, conditions)
        tally = TALLIES.get(resource.table)
        rule = PUBLIC_RULES.get(resource.public_via)
        audience = "project_id" if project_id is not None else rule[0] if rule else None
        if tally is not None and tally.covers(conditions, audience):
            return f"SELECT COALESCE(SUM(n), 0) FROM {tally.counts} WHERE {where}", params
        return f"SELECT COUNT(*) FROM {resource.table} WHERE {where}", params

    def get(
        self,
        resource: Resource,
        project_id: str | None,
        key: Any,
        fields: Sequence[str],
        key_column: str = "id",
    ) -> dict[str, Any] | None:
        """One visible row by key, or None."""
        stored = _stored(resource, fields)
        found = self._one(resource, project_id, key, key_column, stored)
        return None if found is None else _decoder(stored)(found)

    def get_with_comments(
        self,
        resource: Resource,
        project_id: str | None,
        key: Any,
        fields: Sequence[str],
        *,
        key_column: str = "id",
        internal: bool,
    ) -> dict[str, Any] | None:
        """As get(), with the row's comments under "comments" (see comments()).
        For incidents: fields must include "_id"."""
        if "_id" not in fields:
            raise ValueError("get_with_comments needs the _id field")
        if self._db.dialect != "postgres":  # in-process: a second query costs no round trip
            row = self.get(resource, project_id, key, fields, key_column)
            if row is not None:
                row["comments"] = self.comments(row["_id"], internal=internal)
            return row
        stored = _stored(resource, fields)
        found = self._one(resource, project_id, key, key_column, stored, comments_json(internal))
        if found is None:
            return None
        row = _decoder(stored)(found)
        row["comments"] = [comment_row(c) for c in found[-1]]
        return row

    def _one(
        self,
        resource: Resource,
        project_id: str | None,
        key: Any,
        key_column: str,
        stored: Sequence[Field],
        extra: tuple[str, Sequence[Any]] = ("", ()),
    ) -> Sequence[Any] | None:
        """The visible row by key, with an extra select-list item (on `t`) and its params."""
        condition = Condition(key_column, resource.by_column(key_column).kind, "EqualTo", (key,))
        where, params = self._where(resource, project_id, [condition])
        item, item_params = extra
        columns = ", ".join(c for c in (_columns(stored), item) if c)
        sql = f"SELECT {columns} FROM {resource.table} AS t WHERE {where}"
        with self._db.reading() as cur:
            cur.execute(sql, (*item_params, *params))
            row: Sequence[Any] | None = cur.fetchone()
        return row

    def in_use(self, table: str, column: str, value: Any) -> bool:
        """Whether any row has this value in the column."""
        sql = f'SELECT 1 FROM {table} WHERE "{column}" = {self._m} LIMIT 1'
        with self._db.reading() as cur:
            cur.execute(sql, (value,))
            return cur.fetchone() is not None

    def comments(self, incident_id: str, *, internal: bool) -> builtins.list[dict[str, Any]]:
        """An incident's comments, oldest first."""
        sql, params = comments_sql(self._m, incident_id, internal)
        with self._db.reading() as cur:
            cur.execute(sql, params)
            return [comment_row(row) for row in cur.fetchall()]

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
        """The project's name (remembered once found: projects never change)."""
        name = self._project_names.get(project_id)
        if name is not None:
            return name
        with self._db.reading() as cur:
            cur.execute(f"SELECT name FROM projects WHERE id = {self._m}", (project_id,))
            row = cur.fetchone()
        if row is None:
            return None
        if len(self._project_names) >= PROJECT_NAMES_KEPT:
            self._project_names.clear()
        name = self._project_names[project_id] = str(row[0])
        return name

    def _where(
        self, resource: Resource, project_id: str | None, conditions: Sequence[Condition]
    ) -> tuple[str, builtins.list[Any]]:
        clauses, params = self._audience(resource, project_id)
        for condition in conditions:
            column = f'"{condition.column}"'
            if condition.kind is Kind.TEXT and condition.op in ORDERED_OPS:
                column += self._db.text_order  # compare as it sorts (binary)
            clause, values = COMPILERS[condition.op](column, self._m, condition.values)
            clauses.append(clause)
            params.extend(values)
        return " AND ".join(clauses), params

    def _audience(
        self, resource: Resource, project_id: str | None
    ) -> tuple[builtins.list[str], builtins.list[Any]]:
        """One project's rows; without a key, only what the public rule shows."""
        if project_id is not None:
            return [f"project_id = {self._m}"], [project_id]
        rule = PUBLIC_RULES.get(resource.public_via)
        if rule is None:
            return ["1 = 0"], []
        return [rule[1].format(m=self._m)], [True]

    def _order(self, resource: Resource, column: str, desc: bool) -> str:
        field = next((f for f in resource.fields if f.column == column), None)
        collate = self._db.text_order if field and field.kind is Kind.TEXT else ""
        direction = "DESC" if desc else "ASC"
        if field is None or field.nullable:
            # NULLs sort as the smallest value on both stores. Only here: an
            # explicit NULLS clause stops Postgres reading an index backwards.
            direction += " NULLS LAST" if desc else " NULLS FIRST"
        return f'"{column}"{collate} {direction}'


def _stored(resource: Resource, names: Sequence[str]) -> list[Field]:
    return [f for f in resource.fields if f.name in names and f.kind is not Kind.RELATION]


def _columns(fields: Sequence[Field]) -> str:
    return ", ".join(f'"{f.column}"' for f in fields)


def _decoder(fields: Sequence[Field]) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """Rows to dicts by field name, decoding only the kinds stored differently.

    Built once per query: a page of 20 incidents took 94 us to decode field by
    field (and rename for the seed), 40 us this way."""
    names = [f.name for f in fields]
    width = len(names)
    converted = [
        (f.name, i, STORED_DECODERS[f.kind])
        for i, f in enumerate(fields)
        if f.kind in STORED_DECODERS
    ]

    def decode(row: Sequence[Any]) -> dict[str, Any]:
        decoded = dict(zip(names, row[:width], strict=True))  # a page's rows end with its total
        for name, i, convert in converted:
            decoded[name] = convert(row[i])
        return decoded

    return decode
