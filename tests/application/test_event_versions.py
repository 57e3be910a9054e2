"""Events recorded before a field existed read back as the rules of their time had it."""

from __future__ import annotations

import json
from typing import Any

from eventsourcing.persistence import StoredEvent

from application.ledger import Ledger
from domain.incident_rules import StateRef
from tests.builders import new_incident

AT = "2026-01-01T10:00:00.000000Z"


def transitioned_to(state: StateRef) -> Any:
    """The Transitioned event of a new incident moved to state."""
    incident = new_incident(state_id="s1")
    incident.transition(state, AT, [], "k")
    return incident.collect_events()[-1]


def as_version_1(ledger: Ledger, event: Any) -> Any:
    """The event as stored before date_field, read back."""
    stored = ledger.mapper.to_stored_event(event)
    state = json.loads(stored.state)
    del state["date_field"], state["class_version"]
    older = StoredEvent(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=json.dumps(state).encode(),
    )
    return ledger.mapper.to_domain_event(older)


def test_a_transition_records_the_date_its_state_takes(ledger: Ledger) -> None:
    event = transitioned_to(StateRef("s3", "mitigated", 3, "stable_date"))
    stored = ledger.mapper.to_domain_event(ledger.mapper.to_stored_event(event))
    assert stored.date_field == "stable_date"


def test_an_older_transition_takes_the_date_of_its_status_by_name(ledger: Ledger) -> None:
    event = transitioned_to(StateRef("s3", "stable", 3, "stable_date"))
    assert as_version_1(ledger, event).date_field == "stable_date"


def test_an_older_transition_to_a_renamed_state_took_no_date(ledger: Ledger) -> None:
    event = transitioned_to(StateRef("s3", "mitigated", 3, "stable_date"))
    assert as_version_1(ledger, event).date_field is None
