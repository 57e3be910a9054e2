"""Incident, scope and service numbers: unique and increasing, with one or several processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from infrastructure.databases import Database
from infrastructure.postgres_db import PostgresDatabase
from infrastructure.sequences import SqlSequences
from infrastructure.settings import parse
from infrastructure.sqlite_db import SQLiteDatabase

NAME = "incident"


@pytest.fixture
def dbs(fresh_url: str) -> Iterator[tuple[Database, Database]]:
    """Two connections to one store, as two processes have."""
    settings = parse(fresh_url)
    kind = PostgresDatabase if settings.kind == "postgres" else SQLiteDatabase
    pair = (kind(settings.conninfo), kind(settings.conninfo))
    SqlSequences(pair[0]).create((NAME,))
    yield pair
    for db in pair:
        db.close()


def batch(numbers: SqlSequences, count: int) -> list[int]:
    """count numbers taken in one writer batch, settled as before its save."""
    numbers.begin_batch()
    taken = [numbers.next_number(NAME) for _ in range(count)]
    numbers.settle_batch()
    return taken


def test_a_batch_counts_on_from_the_one_number_it_takes(dbs: tuple[Database, Database]) -> None:
    assert batch(SqlSequences(dbs[0], gated=True), 4) == [1, 2, 3, 4]


def test_the_next_batch_of_another_process_goes_on_after_the_last(
    dbs: tuple[Database, Database],
) -> None:
    first, second = (SqlSequences(db, gated=True) for db in dbs)
    taken = batch(first, 3) + batch(second, 2) + batch(first, 1) + batch(second, 3)
    assert taken == list(range(1, 10))


def test_settling_never_moves_a_sequence_back(dbs: tuple[Database, Database]) -> None:
    first, second = (SqlSequences(db, gated=True) for db in dbs)
    first.begin_batch()
    assert [first.next_number(NAME) for _ in range(2)] == [1, 2]
    # A writer outside the gate took numbers meanwhile (its 2 is refused on
    # save: an incident's id follows from its number).
    assert batch(second, 5) == [2, 3, 4, 5, 6]
    first.settle_batch()
    assert batch(second, 1) == [7]


def test_a_batch_that_saves_nothing_costs_one_number(dbs: tuple[Database, Database]) -> None:
    numbers = SqlSequences(dbs[0], gated=True)
    numbers.begin_batch()
    assert [numbers.next_number(NAME) for _ in range(3)] == [1, 2, 3]
    # Every command failed: the writer saves nothing and does not settle.
    assert batch(numbers, 1) == [2]


def test_a_single_process_takes_numbers_in_blocks_in_order(
    dbs: tuple[Database, Database],
) -> None:
    first, second = SqlSequences(dbs[0], block=5), SqlSequences(dbs[1], block=5)
    assert [first.next_number(NAME) for _ in range(3)] == [1, 2, 3]
    assert second.next_number(NAME) == 6
