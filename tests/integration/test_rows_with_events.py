"""On Postgres a save writes its events' read-model rows and the projection's
position in the events' own transaction: both or neither are stored."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, ProgrammingError

from application.ledger import Ledger
from application.ports import Upsert
from application.projections import row_changes
from domain.incident_state import IncidentState
from infrastructure.postgres_db import PostgresDatabase
from infrastructure.projector import NAME, RowsAlongside, SqlProjector
from infrastructure.schema import create_tables
from infrastructure.settings import parse


@dataclass
class Store:
    ledger: Ledger
    db: PostgresDatabase
    projector: SqlProjector

    def save(self, *aggregates: IncidentState, rows: bool = True) -> list[tuple[int, Any]]:
        """Save the aggregates (with their rows, or as a writer that projects none);
        the (notification id, event) pairs, as the writer hands them to catch_up()."""
        events = [e for a in aggregates for e in a.pending_events]
        extra = self.projector.rows_for_save(events) if rows else {}
        recordings = self.ledger.record(*aggregates, **extra)
        return [(r.notification.id, r.domain_event) for r in recordings]

    def position(self) -> int:
        with self.db.reading() as cur:
            cur.execute("SELECT position FROM projection_tracking WHERE name = %s", (NAME,))
            return int(cur.fetchone()[0])

    def state_names(self) -> list[str]:
        with self.db.reading() as cur:
            cur.execute("SELECT name FROM incident_states ORDER BY name")
            return [row[0] for row in cur.fetchall()]


@pytest.fixture
def store(pg_url: str) -> Iterator[Store]:
    ledger = Ledger(env=parse(pg_url).event_store_env)
    db = PostgresDatabase(parse(pg_url).conninfo, max_size=2)
    create_tables(db)
    projector = SqlProjector(db, ledger, row_changes, alongside=True)
    projector.catch_up()  # as at start-up: the position's row exists from here on
    yield Store(ledger, db, projector)
    db.close()
    ledger.close()


def a_state(name: str) -> IncidentState:
    return IncidentState(
        id=uuid4(),
        project_id="p1",
        actor="k1",
        name=name,
        slug=name.lower(),
        description=None,
        color="#123456",
        created_by_user_id=None,
        created_by_user=None,
        is_created_state=False,
        is_acknowledged_state=False,
        is_resolved_state=False,
        order=1,
    )


def test_a_save_stores_its_rows_and_moves_the_position_without_a_catch_up(store: Store) -> None:
    saved = store.save(a_state("Alpha"), a_state("Beta"))
    assert store.state_names() == ["Alpha", "Beta"]
    assert store.position() == saved[-1][0]


def test_the_catch_up_after_a_save_that_wrote_its_rows_reads_nothing(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved = store.save(a_state("Alpha"))

    def no_reading(recent: Any) -> int:
        raise AssertionError("the catch-up read the log")

    monkeypatch.setattr(store.projector, "_catch_up", no_reading)
    assert store.projector.catch_up(saved) == saved[-1][0]


def test_the_events_of_one_save_get_increasing_ids_in_their_order(store: Store) -> None:
    states = [a_state(f"S{n}") for n in range(5)]
    saved = store.save(*states)
    ids = [number for number, _ in saved]
    notes = store.ledger.recorder.select_notifications(start=ids[0], limit=10)
    assert ids == sorted(ids)
    assert [(n.id, n.originator_id) for n in notes] == [(i, e.originator_id) for i, e in saved]
    assert [e.originator_id for _, e in saved] == [s.id for s in states]


def test_rows_that_cannot_be_written_leave_no_events_either(store: Store) -> None:
    state = a_state("Gamma")
    broken = RowsAlongside([Upsert("no_such_table", "x", {"id": "x", "name": "y"})])
    with pytest.raises(Exception, match="no_such_table"):
        store.ledger.record(state, read_model=broken)
    assert store.ledger.events_of(state.id) == []
    assert store.position() == 0


def test_after_events_nobody_projected_the_position_waits_for_the_catch_up(
    store: Store,
) -> None:
    store.save(a_state("Delta"), rows=False)
    saved = store.save(a_state("Epsilon"))
    assert store.position() == 0  # moving it past Delta would lose Delta's row
    store.projector.catch_up(saved)
    assert store.state_names() == ["Delta", "Epsilon"]
    assert store.position() == saved[-1][0]


def loser_of_a_race(store: Store, name: str, winner: str, loser: str) -> IncidentState:
    """A stored state renamed to winner and saved, and a stale copy renamed to loser, unsaved."""
    state = a_state(name)
    store.save(state)
    first, second = (store.ledger.repository.get(state.id) for _ in range(2))
    first.revise({"name": winner}, "k1")
    second.revise({"name": loser}, "k2")
    store.save(first)
    return second


def psycopg_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("psycopg")]


def test_a_save_that_lost_a_race_stores_nothing_and_the_next_save_goes_through(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="psycopg")
    second = loser_of_a_race(store, "Zeta", "Eta", "Theta")
    with pytest.raises(IntegrityError):
        store.save(second)
    for n in range(3):
        store.save(a_state(f"Iota{n}"))
    assert store.state_names() == ["Eta", "Iota0", "Iota1", "Iota2"]
    assert [e.changes["name"]["after"] for e in store.ledger.events_of(second.id)[1:]] == ["Eta"]
    assert psycopg_warnings(caplog) == []


def test_rows_that_break_a_read_model_constraint_fail_as_a_bug_not_as_a_lost_race(
    store: Store,
) -> None:
    state = a_state("Kappa")
    broken = RowsAlongside([Upsert("projects", "x", {"id": "x", "name": None})])
    with pytest.raises(ProgrammingError, match="projects") as raised:
        store.ledger.record(state, read_model=broken)
    assert not isinstance(raised.value, IntegrityError)
    assert store.ledger.events_of(state.id) == []


def test_a_lost_race_with_many_rows_queued_behind_it_raises_the_race_and_warns_of_nothing(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    # With hundreds of statements queued after the failing insert, psycopg
    # mostly reads the error while the pipeline is still open and more
    # results are pending (2 runs in 3 against the code that warned or raised
    # "pipeline aborted"); otherwise it reads it at the Sync.
    caplog.set_level(logging.WARNING, logger="psycopg")
    second = loser_of_a_race(store, "Lambda", "Mu", "Nu")
    rows = [c for e in second.pending_events for c in row_changes(e)] * 300
    with pytest.raises(IntegrityError):
        store.ledger.record(second, read_model=RowsAlongside(rows))
    assert psycopg_warnings(caplog) == []
    assert store.state_names() == ["Mu"]


def test_an_insert_run_again_after_its_commit_answer_was_lost_returns_the_same_ids(
    store: Store,
) -> None:
    # What the recorder's retry does when the connection failed after the
    # server committed: the same events again, which are stored already.
    state = a_state("Xi")
    events = [store.ledger.mapper.to_stored_event(e) for e in state.pending_events]
    first = store.ledger.recorder.insert_events(events)
    again = store.ledger.recorder.insert_events(events)
    assert again == first
    assert len(store.ledger.events_of(state.id)) == 1


def test_an_insert_of_other_events_at_stored_versions_is_still_a_lost_race(
    store: Store,
) -> None:
    state = a_state("Omicron")
    events = [store.ledger.mapper.to_stored_event(e) for e in state.pending_events]
    store.ledger.recorder.insert_events(events)
    other = [replace(e, state=e.state + b" ") for e in events]
    with pytest.raises(IntegrityError):
        store.ledger.recorder.insert_events(other)


def test_a_save_whose_commit_answer_was_lost_is_retried_into_the_same_save(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = store.ledger.recorder
    real_fetch = recorder._fetch_ids_after_insert_events
    lost: list[bool] = []

    def answer_lost_once(*args: Any, **kwargs: Any) -> Any:
        if not lost:
            lost.append(True)  # the COMMIT went through; its answer never came
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return real_fetch(*args, **kwargs)

    monkeypatch.setattr(recorder, "_fetch_ids_after_insert_events", answer_lost_once)
    states = [a_state("Pi"), a_state("Rho"), a_state("Sigma")]
    saved = store.save(*states)
    assert lost == [True]
    assert [e.originator_id for _, e in saved] == [s.id for s in states]
    notes = store.ledger.recorder.select_notifications(start=saved[0][0], limit=10)
    assert [(n.id, n.originator_id) for n in notes] == [(i, e.originator_id) for i, e in saved]
    assert store.projector.catch_up(saved) == saved[-1][0]
    assert store.state_names() == ["Pi", "Rho", "Sigma"]
    assert store.position() == saved[-1][0]
