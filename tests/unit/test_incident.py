"""The Incident aggregate: its events, what each records, and the comment rule."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from domain.errors import InvalidValue, NotFound
from domain.incident import COMMENT_MAX, Incident, IncidentNotFound, check_comment
from domain.incident_rules import StateRef
from tests.builders import new_incident as built

PROJECT = "5b4a3c1e-8a1f-4f5e-9a55-0f7d6a1d2c3b"
ACTIVE = StateRef("s-active", "active", 1)
INVESTIGATING = StateRef("s-inv", "investigating", 2)
STABLE = StateRef("s-stable", "stable", 3)
IMPACT = "2026-01-01T10:00:00.000000Z"
LATER = "2026-01-01T11:00:00.000000Z"


def new_incident(number: int = 7, **overrides: Any) -> Incident:
    """A fresh incident of this module's project; its Created event is still pending."""
    values = {"project_id": PROJECT, "actor": "key-1", "scope_id": 3, "service_id": 4}
    values |= {"name": "Checkout down", "start_impact_date": IMPACT}
    return built(number=number, **{**values, **overrides})


def settled(**overrides: Any) -> Incident:
    """A fresh incident whose Created event is already collected."""
    incident = new_incident(**overrides)
    incident.collect_events()
    return incident


def names(incident: Incident) -> list[str]:
    """The qualified names of the pending events, collected."""
    return [type(e).__qualname__ for e in incident.collect_events()]


def test_creating_an_incident_records_one_created_event() -> None:
    assert names(new_incident()) == ["Incident.Created"]


def test_the_uuid_follows_from_the_number() -> None:
    incident = new_incident(number=42)
    assert isinstance(incident.id, UUID)
    assert incident.id == Incident.create_id(42)


def test_different_numbers_give_different_uuids() -> None:
    assert Incident.create_id(1) != Incident.create_id(2)


def test_the_same_number_always_gives_the_same_uuid() -> None:
    assert Incident.create_id(9) == Incident.create_id(9)


def test_the_created_event_records_actor_project_state_and_fields() -> None:
    created = new_incident(actor="key-7").collect_events()[0]
    assert created.actor == "key-7"  # type: ignore[attr-defined]
    assert created.project_id == PROJECT  # type: ignore[attr-defined]
    assert created.status == "active"  # type: ignore[attr-defined]
    assert created.state_id == ACTIVE.state_id  # type: ignore[attr-defined]
    assert created.start_impact_date == IMPACT  # type: ignore[attr-defined]


def test_a_new_incident_has_no_later_dates_and_is_live() -> None:
    incident = new_incident()
    dates = (incident.investigation_date, incident.stable_date, incident.resolve_date)
    assert dates == (None, None, None)
    assert incident.deleted is False
    assert incident.comment_count == 0


def test_revise_records_only_the_fields_that_change() -> None:
    incident = settled()
    changes = incident.revise({"name": "Checkout down", "severity": "critical"}, "key-2")
    assert changes == {"severity": {"before": "high", "after": "critical"}}
    assert incident.severity == "critical"


def test_revise_records_an_updated_event_with_actor_and_project() -> None:
    incident = settled()
    incident.revise({"description": "slow"}, "key-2")
    (updated,) = incident.collect_events()
    assert type(updated).__qualname__ == "Incident.Updated"
    assert updated.changes == {"description": {"before": None, "after": "slow"}}  # type: ignore[attr-defined]
    assert updated.actor == "key-2"  # type: ignore[attr-defined]
    assert updated.project_id == PROJECT  # type: ignore[attr-defined]


def test_revise_without_a_change_records_nothing() -> None:
    incident = settled()
    assert incident.revise({"name": "Checkout down", "scope_id": 3}, "key-2") == {}
    assert names(incident) == []


def test_revise_ignores_the_status_and_the_number() -> None:
    incident = settled()
    assert incident.revise({"status": "resolved", "number": 99}, "key-2") == {}
    assert (incident.status, incident.number) == ("active", 7)


def test_revise_can_clear_an_optional_field() -> None:
    incident = settled(external_reference="JIRA-1")
    incident.revise({"external_reference": None}, "key-2")
    assert incident.external_reference is None


def test_a_transition_records_from_to_and_the_business_time() -> None:
    incident = settled()
    incident.transition(INVESTIGATING, LATER, [], "key-3")
    (moved,) = incident.collect_events()
    assert type(moved).__qualname__ == "Incident.Transitioned"
    assert (moved.from_status, moved.to_status) == ("active", "investigating")  # type: ignore[attr-defined]
    assert (moved.from_state_id, moved.to_state_id) == ("s-active", "s-inv")  # type: ignore[attr-defined]
    assert moved.occurred_at == LATER  # type: ignore[attr-defined]
    assert (moved.actor, moved.project_id) == ("key-3", PROJECT)  # type: ignore[attr-defined]


def test_a_transition_changes_the_status_and_state() -> None:
    incident = settled()
    incident.transition(STABLE, LATER, [], "key-3")
    assert (incident.status, incident.state_id) == ("stable", "s-stable")


def test_moving_to_the_current_state_records_nothing() -> None:
    incident = settled()
    incident.transition(ACTIVE, LATER, [], "key-3")
    assert names(incident) == []


def test_a_reopening_transition_clears_the_later_dates_and_records_their_old_values() -> None:
    incident = settled()
    incident.revise({"investigation_date": LATER, "stable_date": LATER}, "key-2")
    incident.transition(STABLE, LATER, [], "key-2")
    incident.collect_events()
    incident.transition(ACTIVE, LATER, ["investigation_date", "stable_date"], "key-3")
    (moved,) = incident.collect_events()
    assert moved.cleared == {"investigation_date": LATER, "stable_date": LATER}  # type: ignore[attr-defined]
    assert (incident.investigation_date, incident.stable_date) == (None, None)


def test_a_transition_names_only_dates_that_were_set_as_cleared() -> None:
    incident = settled()
    incident.revise({"investigation_date": LATER}, "key-2")
    incident.transition(INVESTIGATING, LATER, [], "key-2")
    incident.collect_events()
    incident.transition(ACTIVE, LATER, ["investigation_date", "resolve_date"], "key-3")
    (moved,) = incident.collect_events()
    assert moved.cleared == {"investigation_date": LATER}  # type: ignore[attr-defined]


def test_comments_are_numbered_from_one_within_the_incident() -> None:
    incident = settled()
    first = incident.comment("looking", False, "key-4")
    second = incident.comment("found it", True, "key-4")
    assert (first, second) == (1, 2)
    assert incident.comment_count == 2


def test_a_commented_event_records_text_flag_actor_and_project() -> None:
    incident = settled()
    incident.comment("db failover", True, "key-4")
    (commented,) = incident.collect_events()
    assert type(commented).__qualname__ == "Incident.Commented"
    assert commented.comment_id == 1  # type: ignore[attr-defined]
    assert commented.comment == "db failover"  # type: ignore[attr-defined]
    assert commented.internal is True  # type: ignore[attr-defined]
    assert (commented.actor, commented.project_id) == ("key-4", PROJECT)  # type: ignore[attr-defined]


def test_an_empty_comment_is_refused_and_records_nothing() -> None:
    incident = settled()
    with pytest.raises(InvalidValue) as refused:
        incident.comment("   ", False, "key-4")
    assert refused.value.field == "comment"
    assert names(incident) == []


def test_deleting_records_a_deleted_event_with_actor_and_project() -> None:
    incident = settled()
    incident.delete("key-5")
    (deleted,) = incident.collect_events()
    assert type(deleted).__qualname__ == "Incident.Deleted"
    assert (deleted.actor, deleted.project_id) == ("key-5", PROJECT)  # type: ignore[attr-defined]
    assert incident.deleted is True


@pytest.mark.parametrize(
    "command",
    [
        lambda i: i.revise({"name": "x"}, "k"),
        lambda i: i.transition(STABLE, LATER, [], "k"),
        lambda i: i.comment("x", False, "k"),
        lambda i: i.delete("k"),
    ],
    ids=["revise", "transition", "comment", "delete"],
)
def test_a_deleted_incident_takes_no_more_commands(command: Any) -> None:
    incident = settled()
    incident.delete("key-5")
    incident.collect_events()
    with pytest.raises(IncidentNotFound):
        command(incident)
    assert names(incident) == []


def test_incident_not_found_is_a_not_found_naming_the_number() -> None:
    error = IncidentNotFound(12)
    assert isinstance(error, NotFound)
    assert "12" in str(error)


def test_a_comment_of_the_maximum_length_is_accepted() -> None:
    text = "x" * COMMENT_MAX
    assert check_comment(text) == text


def test_a_comment_one_character_too_long_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_comment("x" * (COMMENT_MAX + 1))
    assert refused.value.field == "comment"


def test_the_comment_limit_is_ten_thousand_characters() -> None:
    assert COMMENT_MAX == 10_000


@pytest.mark.parametrize("text", ["", " ", "\n\t"])
def test_a_blank_comment_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        check_comment(text)


def test_a_comment_with_a_nul_character_is_refused() -> None:
    with pytest.raises(InvalidValue) as refused:
        check_comment("a\x00b")
    assert refused.value.field == "comment"


def test_a_comment_keeps_its_surrounding_whitespace() -> None:
    assert check_comment("  indented\n") == "  indented\n"
