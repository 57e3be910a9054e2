"""State commands in one batch: a failing one is undone, the others' effects stay."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from application import state_commands
from application.ledger import Ledger
from application.scope import Scope
from application.writer import Writer
from domain.errors import Conflict
from domain.incident_state import IncidentState
from domain.state_catalog import StateCatalog
from tests.application.writing import (
    PROJECT,
    WAIT,
    Command,
    creating,
    in_one_batch,
    open_defaults,
    updating,
)


def updating_then_failing(state_id: UUID, values: dict[str, Any]) -> Command:
    """A command that updates a state fully and then fails."""

    def command(scope: Scope) -> None:
        state_commands.update_state(scope, PROJECT, state_id, values, "key")
        raise RuntimeError("failed after the update")

    return command


@pytest.fixture
def defaults(writer: Writer) -> dict[str, UUID]:
    """The test project's catalog and four default states; name -> id."""
    return open_defaults(writer)


def load(ledger: Ledger, state_id: UUID) -> IncidentState:
    """The stored state."""
    state = ledger.repository.get(state_id)
    assert isinstance(state, IncidentState)
    return state


def stored_orders(ledger: Ledger) -> dict[str, int]:
    """Name -> order of every live state, as stored."""
    catalog = ledger.repository.get(StateCatalog.create_id(PROJECT))
    assert isinstance(catalog, StateCatalog)
    states = [load(ledger, UUID(sid)) for sid in catalog.entries]
    return {s.name: s.order for s in states}


def test_a_create_refused_for_its_slug_leaves_the_batch_orders_intact(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    first, refused, last = in_one_batch(
        writer, [creating("One"), creating("Two", slug="stable"), creating("Three")]
    )
    assert isinstance(refused.exception(timeout=WAIT), Conflict)
    first.result(timeout=WAIT)
    last.result(timeout=WAIT)
    assert stored_orders(ledger) == {
        "Active": 1,
        "Investigating": 2,
        "Stable": 3,
        "Resolved": 4,
        "One": 5,
        "Three": 6,
    }


def test_the_refused_creates_name_is_free_for_a_later_command_of_the_batch(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    refused, again = in_one_batch(writer, [creating("Two", slug="stable"), creating("Two")])
    assert isinstance(refused.exception(timeout=WAIT), Conflict)
    assert load(ledger, again.result(timeout=WAIT)).name == "Two"


def test_a_failed_reorder_leaves_every_state_where_it_was(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    before = stored_orders(ledger)
    (failed,) = in_one_batch(writer, [updating_then_failing(defaults["Resolved"], {"order": 1})])
    assert failed.exception(timeout=WAIT) is not None
    assert stored_orders(ledger) == before
    assert writer.run(creating("Next")) is not None
    assert stored_orders(ledger)["Next"] == 5


def test_a_failed_flag_move_leaves_the_former_holder_flagged(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    (failed,) = in_one_batch(
        writer, [updating_then_failing(defaults["Stable"], {"is_created_state": True})]
    )
    assert failed.exception(timeout=WAIT) is not None
    assert load(ledger, defaults["Active"]).is_created_state is True
    assert load(ledger, defaults["Stable"]).is_created_state is False


def test_a_later_command_sees_the_state_before_the_failed_one(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    failed, moved = in_one_batch(
        writer,
        [
            updating_then_failing(defaults["Resolved"], {"order": 1}),
            updating(defaults["Stable"], {"order": 1}),
        ],
    )
    assert failed.exception(timeout=WAIT) is not None
    moved.result(timeout=WAIT)
    assert stored_orders(ledger) == {"Stable": 1, "Active": 2, "Investigating": 3, "Resolved": 5}


def test_earlier_successes_survive_a_later_failure_on_the_same_states(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    moved, failed = in_one_batch(
        writer,
        [
            updating(defaults["Stable"], {"is_created_state": True}),
            updating_then_failing(defaults["Resolved"], {"is_created_state": True, "order": 1}),
        ],
    )
    moved.result(timeout=WAIT)
    assert failed.exception(timeout=WAIT) is not None
    assert load(ledger, defaults["Stable"]).is_created_state is True
    assert load(ledger, defaults["Active"]).is_created_state is False
    assert load(ledger, defaults["Resolved"]).is_created_state is False
    assert load(ledger, defaults["Resolved"]).order == 4


def test_the_failed_commands_events_are_not_in_any_history(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    (failed,) = in_one_batch(writer, [updating_then_failing(defaults["Stable"], {"name": "Calm"})])
    assert failed.exception(timeout=WAIT) is not None
    kinds = [type(e).__qualname__ for e in ledger.events_of(defaults["Stable"])]
    assert kinds == ["IncidentState.Created"]
