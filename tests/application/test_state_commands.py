"""State commands on a bare writer: what each command records in the store."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.ledger import Ledger
from application.writer import Writer
from tests.application.writing import PROJECT, creating, open_defaults, updating


@pytest.fixture
def defaults(writer: Writer) -> dict[str, UUID]:
    """The test project's catalog and four default states; name -> id."""
    return open_defaults(writer)


def position(ledger: Ledger) -> int:
    """The number of the last recorded event."""
    return ledger.recorder.max_notification_id() or 0


def recorded_since(ledger: Ledger, start: int) -> list[str]:
    """The types of the events recorded after position start."""
    notes = ledger.recorder.select_notifications(start=start, limit=100, inclusive_of_start=False)
    return [note.topic.rsplit(":", 1)[-1] for note in notes]


def test_an_update_that_changes_nothing_records_no_event(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    start = position(ledger)
    writer.run(updating(defaults["Stable"], {"name": "Stable", "order": 3}))
    assert recorded_since(ledger, start) == []


def test_a_rename_records_one_state_event_and_one_catalog_event(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    start = position(ledger)
    writer.run(updating(defaults["Stable"], {"name": "Calm"}))
    assert sorted(recorded_since(ledger, start)) == [
        "IncidentState.Updated",
        "StateCatalog.Revised",
    ]


def test_a_create_records_the_state_its_slug_claim_and_the_catalog_change(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    start = position(ledger)
    writer.run(creating("Paged"))
    assert sorted(recorded_since(ledger, start)) == [
        "IncidentState.Created",
        "SlugClaim.Claimed",
        "StateCatalog.Revised",
    ]


def test_every_state_event_of_a_shifting_update_records_actor_and_project(
    writer: Writer, ledger: Ledger, defaults: dict[str, UUID]
) -> None:
    writer.run(updating(defaults["Resolved"], {"order": 1, "is_created_state": True}, "key-9"))
    events = [e for sid in defaults.values() for e in ledger.events_of(sid)[1:]]
    assert len(events) == 5
    assert {(e.actor, e.project_id) for e in events} == {("key-9", PROJECT)}
