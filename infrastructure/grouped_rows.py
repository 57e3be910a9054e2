"""A save's row changes on Postgres as few statements: runs of like changes in one each.

Every statement queued in a psycopg pipeline is flushed to the socket on its
own (a poll and a send each): a batch of 20 incident creates wrote 20 INSERTs
and spent more of the writer's time sending them than building them. A run of
consecutive upserts (or patches) of one table with the same columns becomes one
statement over a JSON array of the rows, which Postgres turns into records of
the table's own type (json_populate_recordset), so each value is read as its
column's type as a parameter of its own would be.

Order is kept: only neighbours merge (a patch of the row changed right before
is folded into that change first), and a run ends before a row it already
holds (one statement may not change a row twice). Values of other types than
str, int, bool and None keep the statement per change (a float: NaN is no
JSON, and 1.0 would read as "1.0" where a parameter gave "1"). Merged values
are read by the columns' input functions, which admit a little more than typed
parameters (JSON 1 into a BOOLEAN is true): the rows come from events whose
values the domain checked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from pydantic_core import to_json

from application.ports import Patch, RowChange, Upsert
from infrastructure.databases import Cursor

PLAIN = (str, int, bool, type(None))
Run = tuple[str, str, tuple[str, ...]]  # (kind, table, columns)


def write_changes(
    cur: Cursor, changes: Sequence[RowChange], single: Callable[[Cursor, RowChange], None]
) -> None:
    """Queue the changes on cur in order; single(cur, change) writes one on its own."""
    for shape, run in _runs(coalesced(changes)):
        if shape is None or len(run) == 1:
            for change in run:
                single(cur, change)
        else:
            _write_run(cur, shape, run)


def coalesced(changes: Sequence[RowChange]) -> list[RowChange]:
    """The changes with a patch folded into the change of the same row right before it.

    An incident update that also moves the status makes two patches of one row
    (its Updated and its Transitioned event); folded, a batch of updates is a
    run of like patches instead of patches of two shapes taking turns. The
    row ends as it would have: the later values win, as they would in order.
    """
    out: list[RowChange] = []
    for change in changes:
        last = out[-1] if out else None
        if (
            isinstance(change, Patch)
            and isinstance(last, (Patch, Upsert))
            and (last.table, last.key) == (change.table, change.key)
        ):
            if isinstance(last, Patch):
                out[-1] = Patch(last.table, last.key, {**last.values, **change.values})
            else:
                out[-1] = Upsert(last.table, last.key, {**last.row, **change.values})
            continue
        out.append(change)
    return out


def _runs(changes: Sequence[RowChange]) -> Iterator[tuple[Run | None, list[RowChange]]]:
    """Consecutive changes of one shape, no key twice in a run; None: not mergeable."""
    shape: Run | None = None
    run: list[RowChange] = []
    keys: set[str] = set()
    for change in changes:
        this = _shape(change)
        if run and (this is None or this != shape or _key(change) in keys):
            yield shape, run
            run, keys = [], set()
        shape = this
        run.append(change)
        keys.add(_key(change))
    if run:
        yield shape, run


def _shape(change: RowChange) -> Run | None:
    if isinstance(change, Upsert):
        values = change.row
        kind = "upsert"
    elif isinstance(change, Patch):
        values = change.values
        kind = "patch"
    else:
        return None
    if not all(isinstance(v, PLAIN) for v in values.values()):
        return None
    # Sorted: one shape whatever order the columns were named in.
    return kind, change.table, tuple(sorted(values))


def _key(change: RowChange) -> str:
    return str(getattr(change, "key", ""))


def _write_run(cur: Cursor, shape: Run, run: list[RowChange]) -> None:
    kind, table, columns = shape
    names = ", ".join(f'"{c}"' for c in columns)
    source = f"json_populate_recordset(NULL::{table}, %s::json)"
    if kind == "upsert":
        rows = [dict(change.row) for change in run if isinstance(change, Upsert)]
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "id")
        sql = (
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {source} "
            f"ON CONFLICT (id) DO UPDATE SET {updates}"
        )
    else:
        rows = [{**change.values, "id": change.key} for change in run if isinstance(change, Patch)]
        sets = ", ".join(f'"{c}" = v."{c}"' for c in columns)
        sql = f"UPDATE {table} AS t SET {sets} FROM {source} AS v WHERE t.id = v.id"
    cur.execute(sql, (to_json(rows).decode(),))
