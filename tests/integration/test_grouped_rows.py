"""A save's row changes on Postgres, merged into one statement per run of like changes."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from application.ports import Patch, Remove, RowChange, Upsert
from infrastructure.grouped_rows import write_changes
from infrastructure.postgres_db import PostgresDatabase
from infrastructure.projector import apply_change
from infrastructure.settings import parse

DDL = (
    "CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT, n BIGINT, flag BOOLEAN, created_at TEXT)"
)


@pytest.fixture
def db(pg_url: str) -> Iterator[PostgresDatabase]:
    """A Postgres store with one small table."""
    database = PostgresDatabase(parse(pg_url).conninfo)
    with database.writing() as cur:
        cur.execute(DDL)
    yield database
    database.close()


class Counting:
    """apply_change, counting the changes written one statement each."""

    def __init__(self) -> None:
        self.singles = 0

    def __call__(self, cur: Any, change: RowChange) -> None:
        self.singles += 1
        apply_change(cur, change, "%s")


def write(db: PostgresDatabase, changes: list[RowChange]) -> int:
    """Write the changes in one transaction; how many went one statement each."""
    single = Counting()
    with db.writing() as cur:
        write_changes(cur, changes, single)
    return single.singles


def rows(db: PostgresDatabase) -> list[tuple[Any, ...]]:
    """Every row of the table, by id."""
    with db.reading() as cur:
        cur.execute("SELECT id, name, n, flag, created_at FROM things ORDER BY id")
        return [tuple(row) for row in cur.fetchall()]


def thing(key: str, name: str | None = "x", n: int = 1, flag: bool = False) -> Upsert:
    """An upsert of a whole row."""
    row = {"id": key, "name": name, "n": n, "flag": flag, "created_at": "2026-12-07T00:00:00Z"}
    return Upsert("things", key, row)


def test_a_run_of_upserts_goes_in_one_statement_with_each_value_of_its_columns_type(
    db: PostgresDatabase,
) -> None:
    singles = write(db, [thing("a", "Ann", 1, True), thing("b", None, 2**40, False)])
    assert singles == 0
    assert rows(db) == [
        ("a", "Ann", 1, True, "2026-12-07T00:00:00Z"),
        ("b", None, 2**40, False, "2026-12-07T00:00:00Z"),
    ]


def test_text_is_stored_as_given_quotes_and_unicode_included(db: PostgresDatabase) -> None:
    tricky = 'say "hi"\\n \u00e9\u4e2d\U0001f600 \' ; --'
    write(db, [thing("a", tricky), thing("b", "")])
    assert [row[1] for row in rows(db)] == [tricky, ""]


def test_a_run_of_patches_changes_each_row_and_a_none_clears(db: PostgresDatabase) -> None:
    write(db, [thing("a"), thing("b"), thing("c")])
    singles = write(
        db,
        [
            Patch("things", "a", {"name": "A", "n": 7}),
            Patch("things", "b", {"name": None, "n": 8}),
        ],
    )
    assert singles == 0
    assert [row[:3] for row in rows(db)] == [("a", "A", 7), ("b", None, 8), ("c", "x", 1)]


def test_changes_apply_in_order_when_one_row_is_changed_twice(db: PostgresDatabase) -> None:
    write(
        db,
        [
            thing("a", "first"),
            Patch("things", "a", {"name": "second"}),
            thing("b", "other"),
            Patch("things", "a", {"name": "third"}),
            Patch("things", "b", {"name": "fourth"}),
        ],
    )
    assert [row[1] for row in rows(db)] == ["third", "fourth"]


def test_a_run_ends_before_a_row_it_already_holds(db: PostgresDatabase) -> None:
    write(db, [thing("a", "first"), thing("b"), thing("a", "again")])
    assert [row[1] for row in rows(db)] == ["again", "x"]


def test_removes_go_one_statement_each_and_patches_of_one_row_fold_into_one(
    db: PostgresDatabase,
) -> None:
    write(db, [thing("a"), thing("b")])
    singles = write(
        db,
        [
            Remove("things", "a"),
            Patch("things", "b", {"name": "B"}),
            Patch("things", "b", {"n": 5}),
        ],
    )
    assert singles == 2
    assert rows(db) == [("b", "B", 5, False, "2026-12-07T00:00:00Z")]


def test_updates_that_each_patch_a_row_twice_go_in_one_statement_whatever_the_column_order(
    db: PostgresDatabase,
) -> None:
    write(db, [thing("a"), thing("b"), thing("c")])
    singles = write(
        db,
        [
            Patch("things", "a", {"name": "A"}),
            Patch("things", "a", {"n": 1, "flag": True}),
            Patch("things", "b", {"name": "B"}),
            Patch("things", "b", {"flag": False, "n": 2}),
            Patch("things", "c", {"flag": True, "name": "C", "n": 3}),
        ],
    )
    assert singles == 0
    assert [row[:4] for row in rows(db)] == [
        ("a", "A", 1, True),
        ("b", "B", 2, False),
        ("c", "C", 3, True),
    ]


def test_a_patch_of_a_row_just_upserted_folds_into_the_upsert(db: PostgresDatabase) -> None:
    singles = write(
        db,
        [
            thing("a", "new"),
            Patch("things", "a", {"name": "patched", "created_at": "later"}),
            thing("b", "other"),
        ],
    )
    assert singles == 0
    assert [(row[0], row[1], row[4]) for row in rows(db)] == [
        ("a", "patched", "later"),
        ("b", "other", "2026-12-07T00:00:00Z"),
    ]


def test_the_later_of_two_patches_of_one_column_wins(db: PostgresDatabase) -> None:
    write(db, [thing("a")])
    write(db, [Patch("things", "a", {"name": "first"}), Patch("things", "a", {"name": "second"})])
    assert rows(db)[0][1] == "second"


def test_a_value_that_is_not_plain_json_keeps_its_own_statement(db: PostgresDatabase) -> None:
    write(db, [thing("a"), thing("b")])
    singles = write(db, [Patch("things", "a", {"n": 4}), Patch("things", "b", {"n": Decimal(5)})])
    assert singles == 2
    assert [row[2] for row in rows(db)] == [4, 5]


def test_a_merged_upsert_over_existing_rows_replaces_their_values_nulls_included(
    db: PostgresDatabase,
) -> None:
    write(db, [thing("a", "old", 1, True), thing("b", "old", 2, True)])
    singles = write(db, [thing("a", None, 10, False), thing("b", "new", 20, False)])
    assert singles == 0
    assert [row[:4] for row in rows(db)] == [("a", None, 10, False), ("b", "new", 20, False)]


def test_a_run_of_flag_patches_sets_booleans_both_ways(db: PostgresDatabase) -> None:
    write(db, [thing("a", flag=False), thing("b", flag=True)])
    write(db, [Patch("things", "a", {"flag": True}), Patch("things", "b", {"flag": False})])
    assert [row[3] for row in rows(db)] == [True, False]


def test_integers_beyond_double_precision_keep_every_digit(db: PostgresDatabase) -> None:
    big = 2**62 + 1
    write(db, [thing("a", n=big), thing("b", n=-big)])
    assert [row[2] for row in rows(db)] == [big, -big]


def test_a_float_keeps_its_own_statement(db: PostgresDatabase) -> None:
    write(db, [thing("a"), thing("b")])
    singles = write(db, [Patch("things", "a", {"n": 3}), Patch("things", "b", {"n": 4.0})])
    assert singles == 2
    assert [row[2] for row in rows(db)] == [3, 4]
