"""Helpers for driving a Writer directly: a fake projector and forced batches."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any
from uuid import UUID

from application import state_commands
from application.ledger import Ledger
from application.scope import Scope
from application.writer import Writer
from domain.state_catalog import StateCatalog

WAIT = 5.0
Command = Callable[[Scope], Any]


class FakeProjector:
    """Notes the last event position each catch-up saw; can be told to fail."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.seen: list[int] = []
        self.failing = False

    def rows_for_save(self, events: Sequence[Any]) -> dict[str, Any]:
        return {}

    def catch_up(self, recent: Sequence[tuple[int, Any]] = ()) -> int:
        position = self.ledger.recorder.max_notification_id() or 0
        self.seen.append(position)
        if self.failing:
            raise RuntimeError("read model unavailable")
        return position


def in_one_batch(writer: Writer, commands: Sequence[Command]) -> list[Future[Any]]:
    """Submit commands while the writer is busy, so that they form one batch."""
    entered, gate = threading.Event(), threading.Event()

    def hold(scope: Scope) -> None:
        entered.set()
        gate.wait(WAIT)

    blocker = writer.submit(hold)
    assert entered.wait(WAIT)
    futures = [writer.submit(command) for command in commands]
    gate.set()
    blocker.result(timeout=WAIT)
    return futures


PROJECT = "6e1d2c3b-4a59-4f87-9e6d-5c4b3a291807"
DEFAULT_FLAGS: dict[str, dict[str, bool]] = {
    "Active": {"is_created_state": True},
    "Investigating": {"is_acknowledged_state": True},
    "Stable": {},
    "Resolved": {"is_resolved_state": True},
}


def opening(scope: Scope) -> None:
    """A command that opens the test project's catalog."""
    scope.add(StateCatalog(project_id=PROJECT, actor="cli"))


def creating(name: str, **values: Any) -> Command:
    """A command that creates a state in the test project; its result is the state's id."""
    data = {"name": name, "color": "#123456", **values}
    return lambda scope: state_commands.create_state(scope, PROJECT, data, "key").originator_id


def updating(state_id: UUID, values: dict[str, Any], actor: str = "key") -> Command:
    """A command that updates a state of the test project."""
    return lambda scope: state_commands.update_state(scope, PROJECT, state_id, values, actor)


def open_defaults(writer: Writer) -> dict[str, UUID]:
    """Open the test project with the four default states; name -> id."""
    writer.run(opening)
    return {name: writer.run(creating(name, **flags)) for name, flags in DEFAULT_FLAGS.items()}
