"""The SQL of an incident's comments: as rows, or (Postgres) as one JSON value
beside the incident's row, so that a get costs one round trip instead of two."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from application.projections import comment_view

COLUMNS = "comment_id, comment, internal, created_at, author"
_NAMES = tuple(column.strip() for column in COLUMNS.split(","))
_QUALIFIED = ", ".join(f"c.{column.strip()}" for column in COLUMNS.split(","))


def comments_sql(mark: str, incident_id: str, internal: bool) -> tuple[str, list[Any]]:
    """One incident's comments, oldest first: all, or the public ones."""
    sql = f"SELECT {COLUMNS} FROM comments WHERE incident_id = {mark}"
    params: list[Any] = [incident_id]
    if not internal:
        sql += f" AND internal = {mark}"
        params.append(False)
    return sql + " ORDER BY comment_id", params


def comments_json(internal: bool) -> tuple[str, list[Any]]:
    """A Postgres select-list item: the comments of the row `t` as a JSON array of
    arrays, oldest first ([] without any); internal ones only if asked."""
    hidden = "" if internal else " AND c.internal = %s"
    sql = (
        f"COALESCE((SELECT json_agg(json_build_array({_QUALIFIED}) ORDER BY c.comment_id) "
        f"FROM comments AS c WHERE c.incident_id = t.id{hidden}), '[]'::json)"
    )
    return sql, [] if internal else [False]


def comment_row(row: Sequence[Any]) -> dict[str, Any]:
    """A comment, selected as COLUMNS, as the API shows it."""
    return comment_view(dict(zip(_NAMES, row, strict=True)))

