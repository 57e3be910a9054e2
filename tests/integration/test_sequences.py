"""Incident, scope and service numbers: unique and increasing, with one or several processes."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from application.errors import ConcurrentWrite
from infrastructure.databases import Database
from infrastructure.gates import PostgresGate
from infrastructure.postgres_db import PostgresDatabase
from infrastructure.sequences import SequenceMoves, SqlSequences
from infrastructure.settings import parse
from infrastructure.sqlite_db import SQLiteDatabase
from infrastructure.wiring import build_services

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
    taken = begun(numbers, count)
    numbers.settle_batch()
    return taken


def begun(numbers: SqlSequences, count: int) -> list[int]:
    """count numbers taken by a batch just begun (not settled)."""
    numbers.begin_batch()
    return [numbers.next_number(NAME) for _ in range(count)]


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
    assert begun(first, 2) == [1, 2]
    # A writer outside the gate took numbers meanwhile (its 2 is refused on
    # save: an incident's id follows from its number).
    assert batch(second, 5) == [2, 3, 4, 5, 6]
    first.settle_batch()
    assert batch(second, 1) == [7]


def test_a_batch_that_saves_nothing_costs_one_number(dbs: tuple[Database, Database]) -> None:
    numbers = SqlSequences(dbs[0], gated=True)
    assert begun(numbers, 3) == [1, 2, 3]
    # Every command failed: the writer saves nothing and does not settle.
    assert batch(numbers, 1) == [2]


def test_a_single_process_takes_numbers_in_blocks_in_order(
    dbs: tuple[Database, Database],
) -> None:
    first, second = SqlSequences(dbs[0], block=5), SqlSequences(dbs[1], block=5)
    assert [first.next_number(NAME) for _ in range(3)] == [1, 2, 3]
    assert second.next_number(NAME) == 6


# On Postgres with several workers: the gate reads the sequences, the save moves them.


@pytest.fixture
def pg_numbers(pg_url: str) -> Iterator[tuple[SqlSequences, PostgresGate, PostgresDatabase]]:
    """Gated sequences that ride the writer gate's and the save's round trips."""
    db = PostgresDatabase(parse(pg_url).conninfo)
    numbers = SqlSequences(db, gated=True, alongside=True)
    numbers.create((NAME, "scope"))
    gate = PostgresGate(parse(pg_url).conninfo, readers=(numbers,))
    yield numbers, gate, db
    gate.close()
    db.close()


def sequence_state(db: PostgresDatabase) -> tuple[int, bool]:
    """The incident sequence's last_value and is_called."""
    with db.reading() as cur:
        cur.execute(f"SELECT last_value, is_called FROM {NAME}_numbers")
        last, called = cur.fetchone()
    return int(last), bool(called)


def moved(numbers: SqlSequences, db: PostgresDatabase) -> None:
    """Write the settled moves as the event recorder does, in a transaction."""
    moves = numbers.settle_batch()
    with db.writing() as cur:
        for move in moves:
            assert isinstance(move, SequenceMoves)
            move.write(cur.connection, None, 0)


def test_a_turn_counts_from_where_the_gate_found_the_sequence_without_taking_a_number(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, db = pg_numbers
    with gate.hold():
        assert begun(numbers, 3) == [1, 2, 3]
        assert sequence_state(db) == (1, False)  # untouched until the save


def test_the_settled_moves_go_to_the_save_and_the_next_turn_counts_on_after_them(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, db = pg_numbers
    with gate.hold():
        assert begun(numbers, 3) == [1, 2, 3]
        moves = numbers.settle_batch()
    assert [m.moves for m in moves if isinstance(m, SequenceMoves)] == [{NAME: 3}]
    with db.writing() as cur:
        moves[0].write(cur.connection, None, 0)
    assert sequence_state(db) == (3, True)
    with gate.hold():
        assert begun(numbers, 1) == [4]


def test_a_batch_without_numbers_hands_the_save_nothing(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, _ = pg_numbers
    with gate.hold():
        numbers.begin_batch()
        assert numbers.settle_batch() == []


def test_a_move_never_sets_a_sequence_back(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, db = pg_numbers
    with gate.hold():
        begun(numbers, 1)
    # A writer outside the gate took numbers meanwhile.
    outside = SqlSequences(db, block=5)
    assert outside.next_number(NAME) == 1
    moved(numbers, db)
    assert sequence_state(db) == (5, True)


def test_each_turn_reads_the_sequences_anew(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase], pg_url: str
) -> None:
    numbers, gate, db = pg_numbers
    other = SqlSequences(db, gated=True, alongside=True)
    other.create((NAME,))
    other_gate = PostgresGate(parse(pg_url).conninfo, readers=(other,))
    with other_gate.hold():
        assert begun(other, 4) == [1, 2, 3, 4]
        moved(other, db)
    other_gate.close()
    with gate.hold():
        assert begun(numbers, 1) == [5]


def test_a_rerun_after_a_failed_save_moves_the_sequence_itself(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, db = pg_numbers
    with gate.hold():
        assert begun(numbers, 2) == [1, 2]
        assert numbers.settle_batch() != []  # handed to a save that then failed
        assert begun(numbers, 1) == [3]
        assert numbers.settle_batch() == []  # moved already: held even if this save fails
        assert sequence_state(db) == (3, True)


def test_outside_a_turn_numbers_come_from_the_sequence_not_from_the_last_turn(
    pg_numbers: tuple[SqlSequences, PostgresGate, PostgresDatabase],
) -> None:
    numbers, gate, db = pg_numbers
    with gate.hold():
        assert begun(numbers, 1) == [1]
        moved(numbers, db)
    assert begun(numbers, 1) == [2]  # nextval, not the turn's stale count
    assert sequence_state(db) == (2, True)


def test_a_sequence_found_behind_the_stored_incidents_moves_on_past_them(pg_url: str) -> None:
    services = build_services(pg_url, shared=True)
    try:
        project = services.projects.create("Restored")
        key = services.projects.issue_key(project.project_id, "owner", [])
        who = services.auth.authenticate(key.api_key)
        scope = services.scopes.create(who, {"name": "S"})["id"]
        service = services.services.create(who, {"name": "V"})["id"]
        fields = {"scope": scope, "service": service, "name": "n", "severity": "high"}
        fields["start_impact_date"] = "2026-11-01T08:00"
        for _ in range(12):
            services.incidents.create(who, fields)
        with psycopg.connect(parse(pg_url).conninfo, autocommit=True) as conn:
            conn.execute(f"SELECT setval('{NAME}_numbers', 1)")  # as a restored backup may
        # Ten tries in one turn find 2-11 taken (409); the sequence moved with them.
        with pytest.raises(ConcurrentWrite):
            services.incidents.create(who, fields)
        assert services.incidents.create(who, fields)["id"] == 13
    finally:
        services.close()
