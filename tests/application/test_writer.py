"""The group-commit writer: batches of commands, each isolated from the others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, event

from application.aggregate_cache import AggregateCache
from application.errors import StoreUnavailable
from application.ledger import Ledger
from application.scope import Scope
from application.writer import Writer
from domain.errors import Conflict
from domain.incident_state import IncidentState
from tests.application.writing import WAIT, Command, FakeProjector, in_one_batch


def new_state(name: str, state_id: UUID | None = None, **extra: Any) -> IncidentState:
    """An unsaved incident state named name."""
    values: dict[str, Any] = {
        "description": None,
        "created_by_user": None,
        **extra,
    }
    return IncidentState(
        id=state_id or uuid4(),
        project_id="project",
        actor="key",
        name=name,
        slug=name.lower(),
        color="#123456",
        created_by_user_id=None,
        is_created_state=False,
        is_acknowledged_state=False,
        is_resolved_state=False,
        order=1,
        **values,
    )


def adding(name: str, state_id: UUID | None = None, **extra: Any) -> Command:
    """A command that stages a new state and returns its id."""

    def command(scope: Scope) -> UUID:
        state = new_state(name, state_id, **extra)
        scope.add(state)
        return state.id

    return command


def revising(state_id: UUID, values: dict[str, Any], error: Exception | None = None) -> Command:
    """A command that revises a state, then raises error if one is given."""

    def command(scope: Scope) -> None:
        state = scope.find(state_id, IncidentState)
        assert state is not None
        state.revise(values, "key")
        if error is not None:
            raise error

    return command


def failing(error: Exception) -> Command:
    """A command that raises error."""

    def command(scope: Scope) -> None:
        raise error

    return command


def stored(ledger: Ledger, state_id: UUID) -> IncidentState:
    """The state as saved in the store."""
    state = ledger.repository.get(state_id)
    assert isinstance(state, IncidentState)
    return state


def test_a_batch_is_saved_together_and_projected_once(
    writer: Writer, ledger: Ledger, projector: FakeProjector
) -> None:
    futures = in_one_batch(writer, [adding("A"), adding("B"), adding("C")])
    ids = [f.result(timeout=WAIT) for f in futures]
    assert [stored(ledger, i).name for i in ids] == ["A", "B", "C"]
    assert len(projector.seen) == 1


def test_a_failing_command_does_not_affect_the_others_of_its_batch(
    writer: Writer, ledger: Ledger
) -> None:
    first, bad, last = in_one_batch(writer, [adding("A"), failing(ValueError("no")), adding("B")])
    assert stored(ledger, first.result(timeout=WAIT)).name == "A"
    assert stored(ledger, last.result(timeout=WAIT)).name == "B"
    with pytest.raises(ValueError, match="no"):
        bad.result(timeout=WAIT)


def test_the_failing_command_gets_its_own_error(writer: Writer) -> None:
    error = Conflict("taken")
    (future,) = in_one_batch(writer, [failing(error)])
    assert future.exception(timeout=WAIT) is error


def test_a_failing_commands_changes_to_a_shared_aggregate_are_not_saved(
    writer: Writer, ledger: Ledger
) -> None:
    state_id = writer.run(adding("Stable"))
    futures = in_one_batch(
        writer,
        [
            revising(state_id, {"name": "One"}),
            revising(state_id, {"color": "#000"}, error=ValueError("boom")),
            revising(state_id, {"description": "three"}),
        ],
    )
    assert futures[1].exception(timeout=WAIT) is not None
    state = stored(ledger, state_id)
    assert (state.name, state.color, state.description) == ("One", "#123456", "three")
    assert state.version == 3


def test_a_failing_commands_new_aggregates_are_not_saved(writer: Writer, ledger: Ledger) -> None:
    state_id = uuid4()

    def add_then_fail(scope: Scope) -> None:
        scope.add(new_state("Ghost", state_id))
        raise ValueError("after staging")

    kept, dropped = in_one_batch(writer, [adding("Kept"), add_then_fail])
    assert dropped.exception(timeout=WAIT) is not None
    assert stored(ledger, kept.result(timeout=WAIT)).name == "Kept"
    with pytest.raises(AggregateNotFoundError):
        ledger.repository.get(state_id)


def test_a_later_command_of_the_batch_sees_the_earlier_ones_changes(
    writer: Writer, ledger: Ledger
) -> None:
    state_id = uuid4()
    futures = in_one_batch(writer, [adding("A", state_id), revising(state_id, {"name": "B"})])
    for future in futures:
        future.result(timeout=WAIT)
    assert (stored(ledger, state_id).name, stored(ledger, state_id).version) == ("B", 2)


def test_a_later_failing_command_leaves_an_earlier_new_aggregate_intact(
    writer: Writer, ledger: Ledger
) -> None:
    state_id = uuid4()
    added, _ = in_one_batch(
        writer, [adding("A", state_id), revising(state_id, {"name": "B"}, ValueError("x"))]
    )
    added.result(timeout=WAIT)
    assert (stored(ledger, state_id).name, stored(ledger, state_id).version) == ("A", 1)


def test_a_result_is_projected_before_the_caller_gets_it(
    writer: Writer, ledger: Ledger, projector: FakeProjector
) -> None:
    writer.run(adding("A"))
    assert projector.seen == [ledger.recorder.max_notification_id()]


def test_a_command_that_records_nothing_needs_no_catch_up(
    writer: Writer, projector: FakeProjector
) -> None:
    assert writer.run(lambda scope: 42) == 42
    assert projector.seen == []


def test_a_failed_catch_up_is_reported_but_the_events_are_kept(
    writer: Writer, ledger: Ledger, projector: FakeProjector
) -> None:
    state_id = uuid4()
    projector.failing = True
    with pytest.raises(StoreUnavailable):
        writer.run(adding("A", state_id))
    assert stored(ledger, state_id).name == "A"


def test_the_writer_keeps_working_after_a_failed_catch_up(
    writer: Writer, ledger: Ledger, projector: FakeProjector
) -> None:
    projector.failing = True
    with pytest.raises(StoreUnavailable):
        writer.run(adding("A"))
    projector.failing = False
    assert stored(ledger, writer.run(adding("B"))).name == "B"


def test_a_command_whose_events_cannot_be_stored_fails_alone(
    writer: Writer, ledger: Ledger
) -> None:
    first, bad, last = in_one_batch(
        writer, [adding("A"), adding("Bad", created_by_user=object()), adding("B")]
    )
    assert stored(ledger, first.result(timeout=WAIT)).name == "A"
    assert stored(ledger, last.result(timeout=WAIT)).name == "B"
    assert bad.exception(timeout=WAIT) is not None


def test_the_writer_keeps_working_after_a_command_whose_events_cannot_be_stored(
    writer: Writer, ledger: Ledger
) -> None:
    bad = writer.submit(adding("Bad", created_by_user=object()))
    assert bad.exception(timeout=WAIT) is not None
    later = writer.submit(adding("Later"))
    assert stored(ledger, later.result(timeout=WAIT)).name == "Later"


class Tally(Aggregate):
    """A test aggregate whose event can fail half-way through being applied."""

    @event("Started")
    def __init__(self) -> None:
        self.items: list[str] = []

    @event("Added")
    def add(self, item: str) -> None:
        self.items.append(item)
        if item == "bad":
            raise ValueError("failed half-way through applying the event")


def adding_to(tally_id: UUID, item: str) -> Command:
    """A command that adds an item to the tally."""

    def command(scope: Scope) -> None:
        tally = scope.find(tally_id, Tally)
        assert tally is not None
        tally.add(item)

    return command


def reading(tally_id: UUID) -> Command:
    """A command that returns the tally's items as the writer sees them."""

    def command(scope: Scope) -> list[str]:
        tally = scope.find(tally_id, Tally)
        assert tally is not None
        return list(tally.items)

    return command


def starting(scope: Scope) -> UUID:
    """A command that starts a tally."""
    tally = Tally()
    scope.add(tally)
    return tally.id


def test_a_command_failing_inside_an_event_leaves_the_aggregate_as_it_was(
    writer: Writer,
) -> None:
    tally_id = writer.run(starting)
    failed, later = in_one_batch(writer, [adding_to(tally_id, "bad"), adding_to(tally_id, "ok")])
    assert failed.exception(timeout=WAIT) is not None
    later.result(timeout=WAIT)
    assert writer.run(reading(tally_id)) == ["ok"]


def reading_name(state_id: UUID) -> Command:
    """A command that only reads a state; its name."""

    def command(scope: Scope) -> str:
        state = scope.find(state_id, IncidentState)
        assert state is not None
        return state.name

    return command


def test_an_aggregate_only_read_is_not_loaded_from_the_store_again(
    writer: Writer, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = new_state("Read only")
    ledger.save(state)  # stored, but never saved by this writer
    state_id = state.id
    writer.run(reading_name(state_id))
    loads: list[UUID] = []
    real_get = ledger.repository.get

    def counted(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        loads.append(aggregate_id)
        return real_get(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(ledger.repository, "get", counted)
    assert [writer.run(reading_name(state_id)) for _ in range(3)] == ["Read only"] * 3
    assert loads == []


class Participant:
    """Notes when the writer begins and settles batches; can be told to fail settling."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.calls: list[tuple[str, int]] = []
        self.failing = False
        self.handover: list[object] = []  # what settle_batch hands the save

    def begin_batch(self) -> None:
        self.calls.append(("begin", self.ledger.recorder.max_notification_id() or 0))

    def settle_batch(self) -> list[object]:
        self.calls.append(("settle", self.ledger.recorder.max_notification_id() or 0))
        if self.failing:
            raise StoreUnavailable("database unavailable: connection lost")
        return list(self.handover)


@pytest.fixture
def participant(ledger: Ledger) -> Participant:
    """A batch participant on the ledger."""
    return Participant(ledger)


@pytest.fixture
def writer_with(
    ledger: Ledger, projector: FakeProjector, participant: Participant
) -> Iterator[Writer]:
    """A running writer with one batch participant."""
    running = Writer(ledger, projector, participants=(participant,))
    yield running
    running.close()


def test_a_participant_is_settled_before_the_batch_is_saved(
    writer_with: Writer, participant: Participant
) -> None:
    writer_with.run(adding("A"))
    assert participant.calls == [("begin", 0), ("settle", 0)]


def test_a_batch_that_changes_nothing_is_not_settled(
    writer_with: Writer, participant: Participant
) -> None:
    state_id = writer_with.run(adding("A"))
    participant.calls.clear()
    writer_with.run(lambda scope: scope.find(state_id, IncidentState))
    assert participant.calls == [("begin", 1)]


def saves_seen(monkeypatch: pytest.MonkeyPatch, ledger: Ledger) -> list[dict[str, Any]]:
    """The keyword arguments of every save the ledger records from now on."""
    seen: list[dict[str, Any]] = []
    real = ledger.record

    def record(*aggregates: Aggregate, **kwargs: Any) -> Any:
        seen.append(kwargs)
        return real(*aggregates, **kwargs)

    monkeypatch.setattr(ledger, "record", record)
    return seen


def test_what_a_participant_hands_over_goes_to_the_save_as_alongside(
    writer_with: Writer, ledger: Ledger, participant: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = saves_seen(monkeypatch, ledger)
    participant.handover = ["move the sequence"]
    writer_with.run(adding("A"))
    assert [kwargs.get("alongside") for kwargs in seen] == [["move the sequence"]]


def test_a_save_gets_no_alongside_when_nothing_is_handed_over(
    writer_with: Writer, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = saves_seen(monkeypatch, ledger)
    writer_with.run(adding("A"))
    assert len(seen) == 1
    assert "alongside" not in seen[0]


def test_a_participant_that_cannot_settle_stops_the_save(
    writer_with: Writer, ledger: Ledger, participant: Participant
) -> None:
    participant.failing = True
    state_id = uuid4()
    with pytest.raises(StoreUnavailable):
        writer_with.run(adding("A", state_id))
    with pytest.raises(AggregateNotFoundError):
        ledger.repository.get(state_id)


class HeldGate:
    """A gate another process holds until released; notes each entry."""

    def __init__(self) -> None:
        self.released = threading.Event()
        self.waiting = threading.Event()
        self.entries = 0

    @contextmanager
    def hold(self) -> Iterator[None]:
        self.waiting.set()
        assert self.released.wait(WAIT)
        self.entries += 1
        yield


def behind_a_held_gate(ledger: Ledger, projector: FakeProjector) -> tuple[HeldGate, Writer, Any]:
    """A shared writer whose first command ("A") waits for a gate another process holds."""
    gate = HeldGate()
    writer = Writer(ledger, projector, shared=True, gate=gate)
    first = writer.submit(adding("A"))
    assert gate.waiting.wait(WAIT)
    return gate, writer, first


def test_commands_queued_while_another_process_holds_the_gate_join_the_batch(
    ledger: Ledger, projector: FakeProjector
) -> None:
    gate, writer, first = behind_a_held_gate(ledger, projector)
    later = [writer.submit(adding(name)) for name in ("B", "C")]
    gate.released.set()
    ids = [future.result(timeout=WAIT) for future in (first, *later)]
    writer.close()
    assert gate.entries == 1
    assert [stored(ledger, i).name for i in ids] == ["A", "B", "C"]


class NotingGate(HeldGate):
    """A held gate that notes, as it opens, whether the batch's callers had heard."""

    def __init__(self) -> None:
        super().__init__()
        self.futures: list[Any] = []
        self.answered_while_held: list[bool] = []

    @contextmanager
    def hold(self) -> Iterator[None]:
        with super().hold():
            yield
        self.answered_while_held.append(any(f.done() for f in self.futures))


def test_callers_hear_only_once_the_gate_is_open_again(
    ledger: Ledger, projector: FakeProjector
) -> None:
    gate = NotingGate()
    writer = Writer(ledger, projector, shared=True, gate=gate)
    gate.futures.append(writer.submit(adding("A")))
    gate.released.set()
    state_id = gate.futures[0].result(timeout=WAIT)
    writer.close()
    assert gate.answered_while_held == [False]
    assert stored(ledger, state_id).name == "A"


def test_a_caller_that_gave_up_before_its_batch_is_not_run_and_the_others_are(
    ledger: Ledger, projector: FakeProjector
) -> None:
    gate, writer, first = behind_a_held_gate(ledger, projector)
    never = uuid4()
    gave_up, kept = writer.submit(adding("B", never)), writer.submit(adding("C"))
    assert gave_up.cancel()
    gate.released.set()
    ids = [first.result(timeout=WAIT), kept.result(timeout=WAIT)]
    later = writer.submit(adding("D")).result(timeout=WAIT)  # the writer lives on
    writer.close()
    assert [stored(ledger, i).name for i in (*ids, later)] == ["A", "C", "D"]
    assert gave_up.cancelled()
    with pytest.raises(AggregateNotFoundError):
        ledger.repository.get(never)


def test_a_snapshot_that_fails_keeps_the_written_aggregates_cached(
    ledger: Ledger, projector: FakeProjector, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("snapshot failed")

    loads: list[UUID] = []
    real_load = AggregateCache.load_stored

    def counted(cache: AggregateCache, aggregate_id: UUID, *args: Any) -> Any:
        loads.append(aggregate_id)
        return real_load(cache, aggregate_id, *args)

    monkeypatch.setattr(ledger, "detach_snapshots", broken)
    monkeypatch.setattr(AggregateCache, "load_stored", counted)
    writer = Writer(ledger, projector)
    state_id = writer.run(adding("A"))
    writer.run(revising(state_id, {"name": "B"}))
    writer.close()
    assert stored(ledger, state_id).name == "B"
    assert loads == []
