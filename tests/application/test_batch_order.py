"""A batch's events are logged, and projected, in the order its commands triggered them."""

from __future__ import annotations

from uuid import UUID

import pytest

from application import incident_commands, state_commands
from application.access import Principal
from application.incident_values import UPDATE_REQUIRED, check_incident
from application.ledger import Ledger
from application.scope import Scope
from application.services import Services
from application.writer import Writer
from tests.application.incident_support import full_update, open_incident, refs
from tests.application.test_writer import adding, new_state, revising
from tests.application.writing import WAIT, in_one_batch


def logged(ledger: Ledger, count: int) -> list[tuple[UUID, int]]:
    """(originator, version) of the last `count` events in the log, oldest first."""
    last = ledger.recorder.max_notification_id() or 0
    page = ledger.recorder.select_notifications(last - count + 1, count)
    return [(UUID(str(n.originator_id)), n.originator_version) for n in page]


def test_events_of_a_batch_are_logged_command_by_command(writer: Writer, ledger: Ledger) -> None:
    a, b = writer.run(adding("A")), writer.run(adding("B"))
    steps = [revising(b, {"name": "B2"}), revising(a, {"name": "A2"}), revising(b, {"name": "B3"})]
    for future in in_one_batch(writer, steps):
        future.result(timeout=WAIT)
    assert logged(ledger, 3) == [(b, 2), (a, 2), (b, 3)]


def test_a_refused_command_leaves_the_others_in_their_order(writer: Writer, ledger: Ledger) -> None:
    a, b = writer.run(adding("A")), writer.run(adding("B"))
    steps = [
        revising(b, {"name": "B2"}),
        revising(a, {"name": "lost"}, error=ValueError("refused")),
        revising(a, {"name": "A2"}),
        revising(b, {"name": "B3"}),
    ]
    futures = in_one_batch(writer, steps)
    with pytest.raises(ValueError, match="refused"):
        futures[1].result(timeout=WAIT)
    assert logged(ledger, 3) == [(b, 2), (a, 2), (b, 3)]


def test_a_save_in_an_order_missing_an_event_is_refused_and_loses_nothing(
    ledger: Ledger,
) -> None:
    a, b = new_state("A"), new_state("B")
    with pytest.raises(ValueError, match="in_order"):
        ledger.record(a, b, in_order=list(a.pending_events))
    assert (len(a.pending_events), len(b.pending_events)) == (1, 1)
    assert not ledger.recorder.max_notification_id()


def test_a_state_renamed_after_an_incident_entered_it_in_one_batch_renames_its_status(
    memory_services: Services, who: Principal
) -> None:
    services = memory_services
    monitoring = services.incident_states.create(who, {"name": "Monitoring", "color": "#123"})
    sid = UUID(monitoring["_id"])
    number = open_incident(services, who, refs(services, who))
    moved = check_incident(full_update(services, who, number, status="monitoring"), UPDATE_REQUIRED)

    def recolour(scope: Scope) -> None:
        state_commands.update_state(scope, who.project_id, sid, {"color": "#456"}, "k")

    def move(scope: Scope) -> None:
        incident_commands.update_incident(scope, who.project_id, int(number), moved, "k")

    def rename(scope: Scope) -> None:
        state_commands.update_state(scope, who.project_id, sid, {"name": "Watching"}, "k")

    writer = services.incidents._writer
    for future in in_one_batch(writer, [recolour, move, rename]):
        future.result(timeout=WAIT)
    assert services.incidents.get(who, number)["status"] == "watching"
